# Dear ImGui, built from the sources scripts/setup fetches from Debian's source package
# into .deps/imgui (libimgui-dev has no imgui.cpp; nothing third-party is committed).
# Only the browser build uses it: GLFW (Emscripten's built-in) + OpenGL ES 3 = WebGL 2.
set(CES_IMGUI_DIR ${PROJECT_SOURCE_DIR}/.deps/imgui CACHE PATH "Dear ImGui source folder")
if(NOT EXISTS ${CES_IMGUI_DIR}/imgui.cpp OR NOT EXISTS ${CES_IMGUI_DIR}/backends/imgui_impl_opengl3.cpp)
  message(FATAL_ERROR "Dear ImGui sources not found in ${CES_IMGUI_DIR}: run `scripts/setup web`.")
endif()

add_library(imgui STATIC
  ${CES_IMGUI_DIR}/imgui.cpp
  ${CES_IMGUI_DIR}/imgui_draw.cpp
  ${CES_IMGUI_DIR}/imgui_tables.cpp
  ${CES_IMGUI_DIR}/imgui_widgets.cpp
  ${CES_IMGUI_DIR}/misc/cpp/imgui_stdlib.cpp      # InputText on std::string
  ${CES_IMGUI_DIR}/backends/imgui_impl_glfw.cpp
  ${CES_IMGUI_DIR}/backends/imgui_impl_opengl3.cpp)
target_include_directories(imgui SYSTEM PUBLIC ${CES_IMGUI_DIR} ${CES_IMGUI_DIR}/backends)
target_compile_definitions(imgui
  PUBLIC  IMGUI_DISABLE_OBSOLETE_FUNCTIONS   # keep our code on the current API
  PRIVATE IMGUI_IMPL_OPENGL_ES3)             # WebGL 2; shaders use "#version 300 es"
# The backends call into Emscripten's GLFW and WebGL 2 JavaScript libraries.
target_link_options(imgui INTERFACE
  -sUSE_GLFW=3 -sUSE_WEBGL2=1 -sMIN_WEBGL_VERSION=2 -sMAX_WEBGL_VERSION=2)
