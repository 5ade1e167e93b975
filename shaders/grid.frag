#version 300 es
// Ground grid lines: minor every cell, major every 10 cells, the world x and y axes coloured;
// anti-aliased with screen-space derivatives and faded towards the rim.
precision highp float;

in vec2 v_cell;

uniform vec2 u_origin_cells;   // grid origin in cells (world xy / cell size), a multiple of 10
uniform float u_radius_cells;  // half-size of the grid square
uniform vec4 u_minor_color;
uniform vec4 u_major_color;

out vec4 frag_color;

// Coverage of lines at integer multiples of `period` (in cells), about one pixel wide, fading out
// where the lines crowd closer than a few pixels (towards the horizon).
float line_coverage(vec2 cell, float period) {
  vec2 c = cell / period;
  vec2 w = fwidth(c);
  vec2 d = abs(fract(c - 0.5) - 0.5) / max(w, vec2(1e-6));
  float crowding = 1.0 - smoothstep(0.12, 0.3, max(w.x, w.y));
  return (1.0 - min(min(d.x, d.y), 1.0)) * crowding;
}

void main() {
  float minor = line_coverage(v_cell, 1.0);
  float major = line_coverage(v_cell, 10.0);
  vec4 color = vec4(u_minor_color.rgb, u_minor_color.a * minor);
  color = mix(color, u_major_color, major);

  // World axes: y = 0 is the x axis (red), x = 0 the y axis (green).
  vec2 world_cells = u_origin_cells + v_cell;
  vec2 axis_w = fwidth(world_cells) * 1.5;
  float x_axis = 1.0 - min(abs(world_cells.y) / max(axis_w.y, 1e-6), 1.0);
  float y_axis = 1.0 - min(abs(world_cells.x) / max(axis_w.x, 1e-6), 1.0);
  color = mix(color, vec4(0.86, 0.27, 0.27, 1.0), x_axis);
  color = mix(color, vec4(0.35, 0.78, 0.35, 1.0), y_axis);

  float rim = length(v_cell) / u_radius_cells;
  color.a *= 1.0 - smoothstep(0.3, 1.0, rim);
  if (color.a < 0.004) discard;
  frag_color = color;
}
