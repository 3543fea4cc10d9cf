# ASan + UBSan for the whole native build; any UB report fails the test that triggered it.
if(EINBLICK_SANITIZE AND NOT EMSCRIPTEN)
    add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
    add_link_options(-fsanitize=address,undefined)
endif()
