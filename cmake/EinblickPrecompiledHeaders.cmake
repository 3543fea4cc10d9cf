# Precompiled headers. On two cores the build is dominated by parsing the same large headers
# (nlohmann/json, httplib, doctest, ImGui, the client's state and message variants) again in
# every file; each target precompiles the ones most of its files include.
option(EINBLICK_PCH "Precompile the headers most files of a target include" ON)

# einblick_precompile_headers(<target> <header>...): headers in angle brackets, found through
# the target's include directories.
function(einblick_precompile_headers target)
    if(EINBLICK_PCH)
        target_precompile_headers(${target} PRIVATE ${ARGN})
    endif()
endfunction()
