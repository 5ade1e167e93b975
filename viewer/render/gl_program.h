// Compiling and linking GLSL ES 3.00 programs, with the driver's log in the error message.
#pragma once

#include <GLES3/gl3.h>

#include <string_view>

#include "util/result.h"

namespace hs::render {

// Owns one linked program; movable, not copyable.
class GlProgram {
 public:
  GlProgram() = default;
  GlProgram(const GlProgram&) = delete;
  GlProgram& operator=(const GlProgram&) = delete;
  GlProgram(GlProgram&& other) noexcept : id_(other.id_) { other.id_ = 0; }
  GlProgram& operator=(GlProgram&& other) noexcept;
  ~GlProgram();

  // `name` identifies the program in error messages (e.g. "grid").
  static Result<GlProgram> build(std::string_view name, const char* vertex_source,
                                 const char* fragment_source);

  GLuint id() const { return id_; }
  GLint uniform(const char* name) const { return glGetUniformLocation(id_, name); }

 private:
  explicit GlProgram(GLuint id) : id_(id) {}
  GLuint id_ = 0;
};

}  // namespace hs::render
