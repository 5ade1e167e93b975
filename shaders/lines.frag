#version 300 es
// Line segments in one colour.
precision highp float;

uniform vec4 u_color;  // sRGB display values and alpha

out vec4 out_color;

void main() { out_color = u_color; }
