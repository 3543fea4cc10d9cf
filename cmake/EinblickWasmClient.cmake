# Drives the WebAssembly build of the client from the native build: one configure cannot hold
# two toolchains, so the same source tree is configured a second time with Emscripten's.
# Output (index.html, boot.js, einblick.js/.wasm/.data) lands in ${EINBLICK_WEB_DIR}, which the
# server serves by default.
include(ExternalProject)

find_program(EINBLICK_EMCC emcc)
if(NOT EINBLICK_EMCC)
    message(FATAL_ERROR "emcc not found: run ./emsdk-setup.sh, or configure with -DEINBLICK_BUILD_CLIENT=OFF")
endif()
file(REAL_PATH "${EINBLICK_EMCC}" _einblick_emcc_real)
get_filename_component(_einblick_emscripten_root "${_einblick_emcc_real}" DIRECTORY)
set(EINBLICK_EMSCRIPTEN_TOOLCHAIN
    "${_einblick_emscripten_root}/cmake/Modules/Platform/Emscripten.cmake"
    CACHE FILEPATH "Emscripten's CMake toolchain file")
if(NOT EXISTS "${EINBLICK_EMSCRIPTEN_TOOLCHAIN}")
    message(FATAL_ERROR "Emscripten toolchain file not found: ${EINBLICK_EMSCRIPTEN_TOOLCHAIN}")
endif()

# Debian's emcc needs Node's acorn module from /usr/share/nodejs (see docs/ARCHITECTURE.md).
set(_einblick_emenv ${CMAKE_COMMAND} -E env NODE_PATH=/usr/share/nodejs)

ExternalProject_Add(einblick_wasm_client
    SOURCE_DIR "${PROJECT_SOURCE_DIR}"
    BINARY_DIR "${CMAKE_BINARY_DIR}/client-wasm"
    CONFIGURE_COMMAND ${_einblick_emenv} ${CMAKE_COMMAND} -G "${CMAKE_GENERATOR}"
        -S "${PROJECT_SOURCE_DIR}" -B "${CMAKE_BINARY_DIR}/client-wasm"
        "-DCMAKE_TOOLCHAIN_FILE=${EINBLICK_EMSCRIPTEN_TOOLCHAIN}"
        -DCMAKE_BUILD_TYPE=Release
        -DEINBLICK_WERROR=${EINBLICK_WERROR}
        "-DEINBLICK_IMGUI_DIR=${EINBLICK_IMGUI_DIR}"
        "-DEINBLICK_WEB_DIR=${EINBLICK_WEB_DIR}"
    BUILD_COMMAND ${_einblick_emenv} ${CMAKE_COMMAND} --build "${CMAKE_BINARY_DIR}/client-wasm"
    INSTALL_COMMAND ""
    BUILD_ALWAYS ON
    USES_TERMINAL_BUILD ON)
