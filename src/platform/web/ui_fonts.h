// The UI font: Inter (Debian's fonts-inter), compiled into the wasm at build time so
// the page needs no font request. It is rasterised at size x devicePixelRatio and drawn
// scaled back, so text maps 1:1 onto physical pixels and stays crisp on high-DPI screens.
#pragma once

namespace ces::web {

// Replaces the atlas fonts for this pixel ratio. Call outside NewFrame/Render; once the
// renderer has made its font texture, rebuild that too (RebuildFontTexture).
void LoadUiFont(float pixelRatio);

// Re-uploads the atlas after LoadUiFont, once the OpenGL3 backend is running.
void RebuildFontTexture();

}  // namespace ces::web
