// Dear ImGui renderer: font atlas, vertex and index streams, one draw call per clip rectangle.
#include "render/ui_pass.h"

#include <imgui.h>

#include <cstddef>
#include <cstdint>

#include "shaders/embedded.h"

namespace hs::render {

UiPass::~UiPass() {
  if (font_ != 0) glDeleteTextures(1, &font_);
  if (vertices_ != 0) glDeleteBuffers(1, &vertices_);
  if (indices_ != 0) glDeleteBuffers(1, &indices_);
  if (vao_ != 0) glDeleteVertexArrays(1, &vao_);
}

Status UiPass::init() {
  auto program = GlProgram::build("user interface", shaders::ui_vert, shaders::ui_frag);
  if (!program) return program.error();
  program_ = std::move(*program);
  ImGui::GetIO().BackendRendererName = "heteroscope-webgl2";
  glGenVertexArrays(1, &vao_);
  glGenBuffers(1, &vertices_);
  glGenBuffers(1, &indices_);
  glBindVertexArray(vao_);
  glBindBuffer(GL_ARRAY_BUFFER, vertices_);
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, indices_);  // part of the vertex array's state
  glEnableVertexAttribArray(0);
  glEnableVertexAttribArray(1);
  glEnableVertexAttribArray(2);
  const auto stride = static_cast<GLsizei>(sizeof(ImDrawVert));
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<const void*>(offsetof(ImDrawVert, pos)));
  glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<const void*>(offsetof(ImDrawVert, uv)));
  glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, stride, reinterpret_cast<const void*>(offsetof(ImDrawVert, col)));
  glBindVertexArray(0);
  glGenTextures(1, &font_);
  rebuild_fonts();
  return {};
}

void UiPass::rebuild_fonts() {
  ImFontAtlas& fonts = *ImGui::GetIO().Fonts;
  unsigned char* pixels = nullptr;
  int width = 0, height = 0;
  fonts.GetTexDataAsRGBA32(&pixels, &width, &height);
  glBindTexture(GL_TEXTURE_2D, font_);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, pixels);
  fonts.SetTexID(reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(font_)));
}

void UiPass::draw(const ImDrawData& data, int width_px, int height_px) {
  if (data.CmdListsCount == 0 || width_px <= 0 || height_px <= 0) return;
  // ImGui coordinates -> framebuffer pixels (the canvas is device pixels, ImGui may not be).
  const ImVec2 scale = data.FramebufferScale;
  glViewport(0, 0, width_px, height_px);
  glEnable(GL_BLEND);
  glBlendEquation(GL_FUNC_ADD);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  glDisable(GL_CULL_FACE);
  glDisable(GL_DEPTH_TEST);
  glEnable(GL_SCISSOR_TEST);
  glUseProgram(program_.id());
  glUniform1i(program_.uniform("u_texture"), 0);
  glUniform2f(program_.uniform("u_scale"), 2.0f / data.DisplaySize.x, 2.0f / data.DisplaySize.y);
  glUniform2f(program_.uniform("u_offset_px"), data.DisplayPos.x, data.DisplayPos.y);
  glActiveTexture(GL_TEXTURE0);
  glBindVertexArray(vao_);
  // The array buffer binding is not part of the vertex array: without this, the uploads below
  // would overwrite whatever buffer another pass left bound.
  glBindBuffer(GL_ARRAY_BUFFER, vertices_);
  for (int n = 0; n < data.CmdListsCount; ++n) {
    const ImDrawList& list = *data.CmdLists[n];
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(list.VtxBuffer.Size * sizeof(ImDrawVert)),
                 list.VtxBuffer.Data, GL_STREAM_DRAW);
    glBufferData(GL_ELEMENT_ARRAY_BUFFER, static_cast<GLsizeiptr>(list.IdxBuffer.Size * sizeof(ImDrawIdx)),
                 list.IdxBuffer.Data, GL_STREAM_DRAW);
    for (const ImDrawCmd& cmd : list.CmdBuffer) {
      // No user callbacks are used in the viewer; vertex offsets stay 0 (the backend flag
      // ImGuiBackendFlags_RendererHasVtxOffset is not set, so ImGui splits long lists instead).
      const float x0 = (cmd.ClipRect.x - data.DisplayPos.x) * scale.x;
      const float y0 = (cmd.ClipRect.y - data.DisplayPos.y) * scale.y;
      const float x1 = (cmd.ClipRect.z - data.DisplayPos.x) * scale.x;
      const float y1 = (cmd.ClipRect.w - data.DisplayPos.y) * scale.y;
      if (x1 <= x0 || y1 <= y0 || cmd.UserCallback != nullptr) continue;
      glScissor(static_cast<GLint>(x0), static_cast<GLint>(static_cast<float>(height_px) - y1),
                static_cast<GLsizei>(x1 - x0), static_cast<GLsizei>(y1 - y0));
      glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(reinterpret_cast<std::uintptr_t>(cmd.GetTexID())));
      glDrawElements(GL_TRIANGLES, static_cast<GLsizei>(cmd.ElemCount),
                     sizeof(ImDrawIdx) == 2 ? GL_UNSIGNED_SHORT : GL_UNSIGNED_INT,
                     reinterpret_cast<const void*>(cmd.IdxOffset * sizeof(ImDrawIdx)));
    }
  }
  glBindVertexArray(0);
  glDisable(GL_SCISSOR_TEST);
  glDisable(GL_BLEND);
}

}  // namespace hs::render
