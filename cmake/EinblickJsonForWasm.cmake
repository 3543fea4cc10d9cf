# nlohmann_json for the WebAssembly build. Debian's package config points at /usr/include, which
# must not be on an Emscripten include path (glibc's headers would shadow Emscripten's libc), and
# Emscripten's toolchain searches only its own sysroot for packages. The library is header-only,
# so its headers are copied alone into the build tree and wrapped in an imported target.
find_path(EINBLICK_NLOHMANN_INCLUDE nlohmann/json.hpp
    PATHS /usr/include /usr/local/include
    NO_DEFAULT_PATH NO_CMAKE_FIND_ROOT_PATH)
if(NOT EINBLICK_NLOHMANN_INCLUDE)
    message(FATAL_ERROR "nlohmann/json.hpp not found: run ./emsdk-setup.sh (package nlohmann-json3-dev)")
endif()
set(_einblick_wasm_json "${CMAKE_BINARY_DIR}/wasm-deps/include")
file(COPY "${EINBLICK_NLOHMANN_INCLUDE}/nlohmann" DESTINATION "${_einblick_wasm_json}")
add_library(nlohmann_json::nlohmann_json INTERFACE IMPORTED)
set_target_properties(nlohmann_json::nlohmann_json PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${_einblick_wasm_json}")
