#version 300 es
// Atom probe ions as point sprites, coloured by species through a mass -> colour lookup texture
// (bins of 1/u_bins_per_da Da), so editing ranges recolours every ion without re-uploading it.
// Positions are relative to the layer's origin, placed by the layer transform and drawn
// camera-relative (float precision).
precision highp float;
precision highp int;

layout(location = 0) in vec3 a_position_nm;  // from the layer origin
layout(location = 1) in float a_mass_da;

uniform mat4 u_view_proj_rotation;  // projection * view rotation (eye at the origin)
uniform vec3 u_origin_from_eye_nm;  // layer origin (in the world) minus eye
uniform mat3 u_layer_linear;        // the layer transform's rotation and scale
uniform float u_point_size_px;
uniform highp sampler2D u_lut;      // RGBA8, bin i at (i % u_lut_width, i / u_lut_width)
uniform int u_lut_width;
uniform int u_lut_bins;
uniform float u_bins_per_da;
uniform vec4 u_outside_color;       // masses beyond the table

out vec4 v_color;

void main() {
  int bin = int(floor(a_mass_da * u_bins_per_da));
  v_color = bin >= 0 && bin < u_lut_bins ? texelFetch(u_lut, ivec2(bin % u_lut_width, bin / u_lut_width), 0)
                                         : u_outside_color;
  gl_Position = u_view_proj_rotation * vec4(u_origin_from_eye_nm + u_layer_linear * a_position_nm, 1.0);
  gl_PointSize = v_color.a > 0.0 ? u_point_size_px : 0.0;
}
