// OME-Zarr 0.5 multiscales / omero metadata and Heteroscope channel semantics.
#include "store/ome_multiscales.h"

#include <array>
#include <cmath>
#include <set>

#include "util/text_codec.h"

namespace hs {
namespace {

constexpr std::string_view kOmeVersion = "0.5";

struct UnitNm {
  std::string_view name;
  double nm;
};
constexpr std::array<UnitNm, 8> kUnits = {{{"picometer", 1e-3},
                                           {"angstrom", 0.1},
                                           {"nanometer", 1.0},
                                           {"micrometer", 1e3},
                                           {"millimeter", 1e6},
                                           {"centimeter", 1e7},
                                           {"meter", 1e9},
                                           {"kilometer", 1e12}}};

// Reads fields of one JSON object, remembering the first problem with a path-qualified message.
class Reader {
 public:
  explicit Reader(std::string source) : source_(std::move(source)) {}

  bool failed() const { return error_.has_value(); }
  Error error() const { return *error_; }

  void fail(const std::string& path, const std::string& problem) {
    if (!error_) error_ = make_error(ErrorCode::parse, source_ + ": " + path + ": " + problem);
  }

  const json::Value* member(const json::Value& object, std::string_view key, const std::string& path,
                            json::Type type, bool required) {
    const json::Value* value = object.find(key);
    if (value == nullptr) {
      if (required) fail(path, "missing \"" + std::string(key) + "\"");
      return nullptr;
    }
    if (value->type() != type) {
      fail(path + "." + std::string(key), std::string("expected ") + json::type_name(type) + ", got " +
                                              json::type_name(value->type()));
      return nullptr;
    }
    return value;
  }

  std::string string(const json::Value& object, std::string_view key, const std::string& path, bool required) {
    const json::Value* value = member(object, key, path, json::Type::string, required);
    return value ? value->as_string() : std::string();
  }

  std::optional<double> number(const json::Value& object, std::string_view key, const std::string& path,
                               bool required) {
    const json::Value* value = member(object, key, path, json::Type::number, required);
    if (value == nullptr) return std::nullopt;
    return value->as_number();
  }

  std::vector<double> numbers(const json::Value& array, const std::string& path) {
    std::vector<double> out;
    for (const json::Value& v : array.as_array()) {
      if (!v.is_number() || !std::isfinite(v.as_number())) {
        fail(path, "expected finite numbers");
        return {};
      }
      out.push_back(v.as_number());
    }
    return out;
  }

 private:
  std::string source_;
  std::optional<Error> error_;
};

std::vector<OmeAxis> read_axes(Reader& r, const json::Value& multiscale) {
  std::vector<OmeAxis> axes;
  const json::Value* list = r.member(multiscale, "axes", "multiscales[0]", json::Type::array, true);
  if (list == nullptr) return axes;
  std::set<std::string> names;
  for (std::size_t i = 0; i < list->as_array().size(); ++i) {
    const json::Value& a = list->as_array()[i];
    const std::string path = "multiscales[0].axes[" + std::to_string(i) + "]";
    if (!a.is_object()) {
      r.fail(path, "expected an object");
      return axes;
    }
    OmeAxis axis{r.string(a, "name", path, true), r.string(a, "type", path, false), r.string(a, "unit", path, false)};
    if (!names.insert(axis.name).second) r.fail(path, "duplicate axis name \"" + printable_excerpt(axis.name) + "\"");
    if (axis.type == "space" && !axis.unit.empty() && !ome_unit_nm(axis.unit)) {
      r.fail(path, "unknown space unit \"" + printable_excerpt(axis.unit) + "\"");
    }
    axes.push_back(std::move(axis));
  }
  if (axes.size() < 2 || axes.size() > 5) r.fail("multiscales[0].axes", "expected 2 to 5 axes");
  return axes;
}

// Collects scale and translation of one coordinateTransformations list.
void read_transforms(Reader& r, const json::Value& owner, const std::string& path, std::size_t axes,
                     std::vector<double>& scale, std::vector<double>& translation, bool required) {
  const json::Value* list = r.member(owner, "coordinateTransformations", path, json::Type::array, required);
  if (list == nullptr) return;
  for (std::size_t i = 0; i < list->as_array().size(); ++i) {
    const json::Value& t = list->as_array()[i];
    const std::string tpath = path + ".coordinateTransformations[" + std::to_string(i) + "]";
    if (!t.is_object()) {
      r.fail(tpath, "expected an object");
      return;
    }
    const std::string type = r.string(t, "type", tpath, true);
    if (type != "scale" && type != "translation") {
      r.fail(tpath, "unsupported transformation type \"" + printable_excerpt(type) + "\"");
      return;
    }
    const json::Value* values = r.member(t, type, tpath, json::Type::array, true);
    if (values == nullptr) return;
    std::vector<double>& target = type == "scale" ? scale : translation;
    target = r.numbers(*values, tpath + "." + type);
    if (target.size() != axes) r.fail(tpath, "expected " + std::to_string(axes) + " values, one per axis");
  }
  if (required && scale.empty()) r.fail(path, "a scale transformation is required");
  for (double s : scale) {
    if (!(s > 0)) r.fail(path, "scale values must be > 0");
  }
}

std::vector<OmeLevel> read_levels(Reader& r, const json::Value& multiscale, std::size_t axes) {
  std::vector<OmeLevel> levels;
  const json::Value* list = r.member(multiscale, "datasets", "multiscales[0]", json::Type::array, true);
  if (list == nullptr) return levels;
  // A multiscale-wide transform applies after each level's own.
  std::vector<double> global_scale, global_translation;
  read_transforms(r, multiscale, "multiscales[0]", axes, global_scale, global_translation, false);
  for (std::size_t i = 0; i < list->as_array().size(); ++i) {
    const json::Value& d = list->as_array()[i];
    const std::string path = "multiscales[0].datasets[" + std::to_string(i) + "]";
    if (!d.is_object()) {
      r.fail(path, "expected an object");
      return levels;
    }
    OmeLevel level;
    level.path = r.string(d, "path", path, true);
    read_transforms(r, d, path, axes, level.scale, level.translation, true);
    if (r.failed()) return levels;
    for (std::size_t a = 0; a < global_scale.size(); ++a) {
      level.scale[a] *= global_scale[a];
      if (!level.translation.empty()) level.translation[a] *= global_scale[a];
    }
    if (!global_translation.empty()) {
      if (level.translation.empty()) level.translation.assign(axes, 0.0);
      for (std::size_t a = 0; a < axes; ++a) level.translation[a] += global_translation[a];
    }
    levels.push_back(std::move(level));
  }
  if (levels.empty()) r.fail("multiscales[0].datasets", "expected at least one level");
  return levels;
}

std::vector<OmeChannel> read_channels(Reader& r, const json::Value& ome) {
  std::vector<OmeChannel> channels;
  const json::Value* omero = r.member(ome, "omero", "ome", json::Type::object, false);
  if (omero == nullptr) return channels;
  const json::Value* list = r.member(*omero, "channels", "ome.omero", json::Type::array, false);
  if (list == nullptr) return channels;
  for (std::size_t i = 0; i < list->as_array().size(); ++i) {
    const json::Value& c = list->as_array()[i];
    const std::string path = "ome.omero.channels[" + std::to_string(i) + "]";
    if (!c.is_object()) {
      r.fail(path, "expected an object");
      return channels;
    }
    OmeChannel channel;
    channel.label = r.string(c, "label", path, false);
    if (const json::Value* color = r.member(c, "color", path, json::Type::string, false)) {
      channel.color = color->as_string();
      const bool hex = channel.color.size() == 6 &&
                       channel.color.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos;
      if (!hex) r.fail(path + ".color", "expected RRGGBB hex digits");
    }
    if (const json::Value* active = r.member(c, "active", path, json::Type::boolean, false)) {
      channel.active = active->as_bool();
    }
    if (const json::Value* window = r.member(c, "window", path, json::Type::object, false)) {
      const std::string wpath = path + ".window";
      channel.window_start = r.number(*window, "start", wpath, true).value_or(0);
      channel.window_end = r.number(*window, "end", wpath, true).value_or(1);
      channel.window_min = r.number(*window, "min", wpath, false).value_or(channel.window_start);
      channel.window_max = r.number(*window, "max", wpath, false).value_or(channel.window_end);
    }
    channels.push_back(std::move(channel));
  }
  return channels;
}

void warn_unknown(const json::Value& object, std::initializer_list<std::string_view> known, const std::string& path,
                  std::vector<std::string>& warnings) {
  for (const auto& [key, value] : object.as_object()) {
    bool found = false;
    for (std::string_view k : known) found = found || key == k;
    if (!found) warnings.push_back(path + "." + printable_excerpt(key) + ": unknown key, ignored");
  }
}

void read_semantics(Reader& r, const json::Value& attributes, VolumeMetadata& out, std::vector<std::string>& warnings) {
  const json::Value* ours = r.member(attributes, "heteroscope", "attributes", json::Type::object, false);
  if (ours == nullptr) return;
  warn_unknown(*ours, {"kind", "channels", "time_labels", "truth"}, "heteroscope", warnings);
  if (const json::Value* labels = r.member(*ours, "time_labels", "heteroscope", json::Type::array, false)) {
    for (const json::Value& l : labels->as_array()) {
      if (!l.is_string()) {
        r.fail("heteroscope.time_labels", "expected strings");
        return;
      }
      out.time_labels.push_back(l.as_string());
    }
  }
  const json::Value* list = r.member(*ours, "channels", "heteroscope", json::Type::array, false);
  if (list == nullptr) return;
  for (std::size_t i = 0; i < list->as_array().size(); ++i) {
    const json::Value& c = list->as_array()[i];
    const std::string path = "heteroscope.channels[" + std::to_string(i) + "]";
    if (!c.is_object()) {
      r.fail(path, "expected an object");
      return;
    }
    warn_unknown(c, {"quantity", "unit", "no_data_value", "characteristic_range"}, path, warnings);
    ChannelSemantics s;
    s.quantity = r.string(c, "quantity", path, false);
    s.unit = r.string(c, "unit", path, false);
    s.no_data_value = r.number(c, "no_data_value", path, false);
    if (const json::Value* range = r.member(c, "characteristic_range", path, json::Type::array, false)) {
      const std::vector<double> v = r.numbers(*range, path + ".characteristic_range");
      if (v.size() != 2 || !(v[0] < v[1])) {
        r.fail(path + ".characteristic_range", "expected [low, high] with low < high");
      } else {
        s.characteristic_range = std::make_pair(v[0], v[1]);
      }
    }
    out.semantics.push_back(std::move(s));
  }
}

json::Value numbers_json(const std::vector<double>& values) {
  json::Array array;
  for (double v : values) array.emplace_back(v);
  return json::Value(std::move(array));
}

}  // namespace

std::optional<double> ome_unit_nm(std::string_view unit) {
  for (const UnitNm& u : kUnits) {
    if (u.name == unit) return u.nm;
  }
  return std::nullopt;
}

Result<VolumeMetadata> read_volume_metadata(const json::Value& attributes, std::string_view source,
                                            std::vector<std::string>& warnings) {
  Reader r{std::string(source)};
  if (!attributes.is_object()) return make_error(ErrorCode::parse, std::string(source) + ": attributes are not an object");
  const json::Value* ome = r.member(attributes, "ome", "attributes", json::Type::object, true);
  if (ome == nullptr) {
    return make_error(ErrorCode::parse, std::string(source) + ": not an OME-Zarr image (no attributes.ome)");
  }
  const std::string version = r.string(*ome, "version", "ome", true);
  if (!r.failed() && version != kOmeVersion) {
    return make_error(ErrorCode::unsupported, std::string(source) + ": OME-Zarr version \"" +
                                                  printable_excerpt(version) + "\" is not supported (0.5 is)");
  }
  const json::Value* list = r.member(*ome, "multiscales", "ome", json::Type::array, true);
  if (list != nullptr && list->as_array().empty()) r.fail("ome.multiscales", "is empty");
  if (r.failed()) return r.error();
  const json::Value& multiscale = list->as_array().front();
  if (!multiscale.is_object()) {
    r.fail("ome.multiscales[0]", "expected an object");
    return r.error();
  }
  if (list->as_array().size() > 1) warnings.push_back("ome.multiscales: only the first image is shown");
  VolumeMetadata out;
  out.name = r.string(multiscale, "name", "multiscales[0]", false);
  out.axes = read_axes(r, multiscale);
  if (!r.failed()) out.levels = read_levels(r, multiscale, out.axes.size());
  if (!r.failed()) out.channels = read_channels(r, *ome);
  if (!r.failed()) read_semantics(r, attributes, out, warnings);
  if (!r.failed() && !out.semantics.empty() && !out.channels.empty() && out.semantics.size() != out.channels.size()) {
    r.fail("heteroscope.channels", "expected one entry per omero channel");
  }
  if (r.failed()) return r.error();
  return out;
}

json::Value volume_metadata_to_attributes(const VolumeMetadata& m) {
  json::Array axes;
  for (const OmeAxis& a : m.axes) {
    json::Object axis{{"name", json::Value(a.name)}};
    if (!a.type.empty()) axis.emplace_back("type", json::Value(a.type));
    if (!a.unit.empty()) axis.emplace_back("unit", json::Value(a.unit));
    axes.emplace_back(std::move(axis));
  }
  json::Array datasets;
  for (const OmeLevel& l : m.levels) {
    json::Array transforms;
    transforms.emplace_back(json::Object{{"type", json::Value("scale")}, {"scale", numbers_json(l.scale)}});
    if (!l.translation.empty()) {
      transforms.emplace_back(
          json::Object{{"type", json::Value("translation")}, {"translation", numbers_json(l.translation)}});
    }
    datasets.emplace_back(
        json::Object{{"path", json::Value(l.path)}, {"coordinateTransformations", json::Value(std::move(transforms))}});
  }
  json::Object multiscale;
  if (!m.name.empty()) multiscale.emplace_back("name", json::Value(m.name));
  multiscale.emplace_back("axes", json::Value(std::move(axes)));
  multiscale.emplace_back("datasets", json::Value(std::move(datasets)));
  json::Object ome{{"version", json::Value(std::string(kOmeVersion))},
                   {"multiscales", json::Value(json::Array{json::Value(std::move(multiscale))})}};
  if (!m.channels.empty()) {
    json::Array channels;
    for (const OmeChannel& c : m.channels) {
      json::Object window{{"start", json::Value(c.window_start)},
                          {"end", json::Value(c.window_end)},
                          {"min", json::Value(c.window_min)},
                          {"max", json::Value(c.window_max)}};
      channels.emplace_back(json::Object{{"label", json::Value(c.label)},
                                         {"color", json::Value(c.color)},
                                         {"active", json::Value(c.active)},
                                         {"window", json::Value(std::move(window))}});
    }
    ome.emplace_back("omero", json::Value(json::Object{{"channels", json::Value(std::move(channels))}}));
  }
  json::Object attributes{{"ome", json::Value(std::move(ome))}};
  json::Object ours;
  if (!m.semantics.empty()) {
    json::Array channels;
    for (const ChannelSemantics& s : m.semantics) {
      json::Object c;
      if (!s.quantity.empty()) c.emplace_back("quantity", json::Value(s.quantity));
      if (!s.unit.empty()) c.emplace_back("unit", json::Value(s.unit));
      if (s.no_data_value) c.emplace_back("no_data_value", json::Value(*s.no_data_value));
      if (s.characteristic_range) {
        c.emplace_back("characteristic_range",
                       numbers_json({s.characteristic_range->first, s.characteristic_range->second}));
      }
      channels.emplace_back(std::move(c));
    }
    ours.emplace_back("channels", json::Value(std::move(channels)));
  }
  if (!m.time_labels.empty()) {
    json::Array labels;
    for (const auto& l : m.time_labels) labels.emplace_back(l);
    ours.emplace_back("time_labels", json::Value(std::move(labels)));
  }
  if (!ours.empty()) attributes.emplace_back("heteroscope", json::Value(std::move(ours)));
  return json::Value(std::move(attributes));
}

}  // namespace hs
