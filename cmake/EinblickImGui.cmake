# Dear ImGui 1.86 core (and, for the browser, the GLFW + OpenGL3 backends) from the sources
# that emsdk-setup.sh fetches from Debian's imgui source package.
if(NOT EXISTS "${EINBLICK_IMGUI_DIR}/imgui.cpp")
    message(FATAL_ERROR "Dear ImGui sources not found in ${EINBLICK_IMGUI_DIR}: run ./emsdk-setup.sh first")
endif()

add_library(einblick_imgui STATIC
    ${EINBLICK_IMGUI_DIR}/imgui.cpp
    ${EINBLICK_IMGUI_DIR}/imgui_draw.cpp
    ${EINBLICK_IMGUI_DIR}/imgui_tables.cpp
    ${EINBLICK_IMGUI_DIR}/imgui_widgets.cpp)
target_include_directories(einblick_imgui SYSTEM PUBLIC ${EINBLICK_IMGUI_DIR})
target_compile_definitions(einblick_imgui PUBLIC IMGUI_DISABLE_OBSOLETE_FUNCTIONS)
# ImGui 1.86 combines flags of different enum types, which C++20 deprecates; not our code.
target_compile_options(einblick_imgui PRIVATE -Wno-deprecated-enum-enum-conversion)

if(EMSCRIPTEN)
    # The browser client optimises for download size (see client/CMakeLists.txt).
    target_compile_options(einblick_imgui PRIVATE -Os)
    add_library(einblick_imgui_backends STATIC
        ${EINBLICK_IMGUI_DIR}/backends/imgui_impl_glfw.cpp
        ${EINBLICK_IMGUI_DIR}/backends/imgui_impl_opengl3.cpp)
    target_include_directories(einblick_imgui_backends SYSTEM PUBLIC ${EINBLICK_IMGUI_DIR}/backends)
    target_compile_options(einblick_imgui_backends PRIVATE -Os)
    target_link_libraries(einblick_imgui_backends PUBLIC einblick_imgui)
endif()
