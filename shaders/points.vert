#version 300 es
// Atom probe ions as point sprites. Colour by species through a mass -> colour lookup texture
// (bins of 1/u_bins_per_da Da), so editing ranges recolours every ion without re-uploading it; or
// by mass or depth through a colormap; or one colour. Positions are relative to the layer's
// origin, placed by the layer transform and drawn camera-relative (float precision). Ions outside
// the slab or the clipping box, and hidden ones (alpha 0), are moved out of clip space.
precision highp float;
precision highp int;

layout(location = 0) in vec3 a_position_nm;  // from the layer origin
layout(location = 1) in float a_mass_da;

uniform mat4 u_view_proj_rotation;  // projection * view rotation (eye at the origin)
uniform vec3 u_origin_from_eye_nm;  // layer origin (in the world) minus eye
uniform mat3 u_layer_linear;        // the layer transform's rotation and scale
uniform float u_point_size_px;      // > 0: a fixed size in pixels
uniform float u_point_size_nm;      // else a size in the layer's nm, shrinking with distance
uniform float u_nm_to_px;           // pixels covered by 1 nm at clip w = 1
uniform int u_color_by;             // 0 species, 1 mass, 2 depth (layer z), 3 single colour
uniform highp sampler2D u_lut;      // species: RGBA8, bin i at (i % u_lut_width, i / u_lut_width)
uniform int u_lut_width;
uniform int u_lut_bins;
uniform float u_bins_per_da;
uniform vec4 u_outside_color;       // masses beyond the table
uniform highp sampler2D u_colormap; // mass / depth: 256 × 1
uniform vec2 u_colormap_range;      // the mass window (Da) or the depth range (nm from origin)
uniform vec3 u_single_color;
uniform vec3 u_clip_min;            // clipping box, nm from the origin
uniform vec3 u_clip_max;
uniform vec4 u_slab;                // normal (unit) and offset: kept if |dot(n, p) - w| <= half
uniform float u_slab_half_nm;       // < 0: no slab

out vec4 v_color;

vec4 ion_color() {
  if (u_color_by == 0) {
    int bin = int(floor(a_mass_da * u_bins_per_da));
    return bin >= 0 && bin < u_lut_bins ? texelFetch(u_lut, ivec2(bin % u_lut_width, bin / u_lut_width), 0)
                                        : u_outside_color;
  }
  if (u_color_by == 3) return vec4(u_single_color, 1.0);
  float value = u_color_by == 1 ? a_mass_da : a_position_nm.z;
  float t = clamp((value - u_colormap_range.x) / max(u_colormap_range.y - u_colormap_range.x, 1e-20), 0.0, 1.0);
  return vec4(texture(u_colormap, vec2(t, 0.5)).rgb, 1.0);
}

void main() {
  v_color = ion_color();
  gl_Position = u_view_proj_rotation * vec4(u_origin_from_eye_nm + u_layer_linear * a_position_nm, 1.0);
  bool inside = all(greaterThanEqual(a_position_nm, u_clip_min)) && all(lessThanEqual(a_position_nm, u_clip_max)) &&
                (u_slab_half_nm < 0.0 || abs(dot(u_slab.xyz, a_position_nm) - u_slab.w) <= u_slab_half_nm);
  if (!inside || v_color.a == 0.0) {  // outside clip space: a point of any size still drew a pixel
    gl_Position = vec4(2.0, 2.0, 2.0, 1.0);
    gl_PointSize = 1.0;
    return;
  }
  float size = u_point_size_px > 0.0 ? u_point_size_px : u_point_size_nm * u_nm_to_px / max(gl_Position.w, 1e-20);
  gl_PointSize = clamp(size * v_color.a, 1.0, 64.0);  // alpha < 1: dimmed unranged ions are smaller
}
