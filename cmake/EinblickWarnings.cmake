# Warnings for the project's own targets (never for third-party code).
function(einblick_target_warnings target)
    target_compile_options(${target} PRIVATE
        -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Woverloaded-virtual
        -Wcast-qual -Wformat=2 -Wimplicit-fallthrough -Wmissing-declarations)
    if(EINBLICK_WERROR)
        target_compile_options(${target} PRIVATE -Werror)
    endif()
endfunction()
