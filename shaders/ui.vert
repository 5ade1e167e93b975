#version 300 es
// Dear ImGui's triangles: positions in framebuffer pixels (top-left origin), texture coordinates
// into the font atlas, vertex colours as normalised RGBA8.
precision highp float;

layout(location = 0) in vec2 a_position_px;
layout(location = 1) in vec2 a_uv;
layout(location = 2) in vec4 a_color;

uniform vec2 u_scale;      // 2 / display size, in ImGui coordinates
uniform vec2 u_offset_px;  // the display's top-left corner

out vec2 v_uv;
out vec4 v_color;

void main() {
  v_uv = a_uv;
  v_color = a_color;
  vec2 p = (a_position_px - u_offset_px) * u_scale;
  gl_Position = vec4(p.x - 1.0, 1.0 - p.y, 0.0, 1.0);
}
