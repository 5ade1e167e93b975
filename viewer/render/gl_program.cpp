// Compiling and linking GLSL ES 3.00 programs.
#include "render/gl_program.h"

#include <string>
#include <utility>

namespace hs::render {
namespace {

std::string shader_log(GLuint shader) {
  GLint length = 0;
  glGetShaderiv(shader, GL_INFO_LOG_LENGTH, &length);
  std::string log(static_cast<std::size_t>(length > 0 ? length : 0), '\0');
  if (length > 0) glGetShaderInfoLog(shader, length, nullptr, log.data());
  return log;
}

std::string program_log(GLuint program) {
  GLint length = 0;
  glGetProgramiv(program, GL_INFO_LOG_LENGTH, &length);
  std::string log(static_cast<std::size_t>(length > 0 ? length : 0), '\0');
  if (length > 0) glGetProgramInfoLog(program, length, nullptr, log.data());
  return log;
}

Result<GLuint> compile(std::string_view name, GLenum stage, const char* source) {
  const GLuint shader = glCreateShader(stage);
  glShaderSource(shader, 1, &source, nullptr);
  glCompileShader(shader);
  GLint ok = GL_FALSE;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
  if (ok != GL_TRUE) {
    const std::string log = shader_log(shader);
    glDeleteShader(shader);
    return make_error(ErrorCode::parse, std::string(name) +
                                            (stage == GL_VERTEX_SHADER ? " vertex" : " fragment") +
                                            " shader failed to compile: " + log);
  }
  return shader;
}

}  // namespace

GlProgram& GlProgram::operator=(GlProgram&& other) noexcept {
  std::swap(id_, other.id_);
  return *this;
}

GlProgram::~GlProgram() {
  if (id_ != 0) glDeleteProgram(id_);
}

Result<GlProgram> GlProgram::build(std::string_view name, const char* vertex_source,
                                   const char* fragment_source) {
  auto vs = compile(name, GL_VERTEX_SHADER, vertex_source);
  if (!vs) return vs.error();
  auto fs = compile(name, GL_FRAGMENT_SHADER, fragment_source);
  if (!fs) {
    glDeleteShader(*vs);
    return fs.error();
  }
  const GLuint program = glCreateProgram();
  glAttachShader(program, *vs);
  glAttachShader(program, *fs);
  glLinkProgram(program);
  glDeleteShader(*vs);
  glDeleteShader(*fs);
  GLint ok = GL_FALSE;
  glGetProgramiv(program, GL_LINK_STATUS, &ok);
  if (ok != GL_TRUE) {
    const std::string log = program_log(program);
    glDeleteProgram(program);
    return make_error(ErrorCode::parse, std::string(name) + " program failed to link: " + log);
  }
  return GlProgram(program);
}

}  // namespace hs::render
