// Range tables to and from JSON, shared by the point store attributes and the view state.
#include "points/range_table_json.h"

#include <cmath>
#include <string>
#include <utility>

#include "points/detail/member_reader.h"
#include "points/point_store.h"

namespace hs {
namespace {

constexpr double kMaxAbsCharge = 1000;

Result<IonSpecies> read_ion(const json::Value& ion, const detail::MemberReader& r) {
  IonSpecies species;
  auto name = r.get(ion, "name", "ions[].name", json::Type::string);
  if (!name) return name.error();
  species.name = (*name)->as_string();
  auto composition = r.get(ion, "composition", "ions[].composition", json::Type::object);
  if (!composition) return composition.error();
  for (const auto& [element, count] : (*composition)->as_object()) {
    auto n = r.integer(count, "ions[].composition", kMaxAtomsPerElement);
    if (!n) return n.error();
    if (!is_element_symbol(element) || *n == 0 ||
        !add_atoms(species.composition, element, static_cast<std::uint32_t>(*n))) {
      return r.error("ions[].composition", "has a bad element or count: " + element);
    }
  }
  auto charge = r.get(ion, "charge", "ions[].charge", json::Type::number);
  if (!charge) return charge.error();
  const double c = (*charge)->as_number();
  if (c != std::floor(c) || c < -kMaxAbsCharge || c > kMaxAbsCharge) {
    return r.error("ions[].charge", "must be a small integer");
  }
  species.charge = static_cast<int>(c);
  auto color = r.get(ion, "color", "ions[].color", json::Type::string);
  if (!color) return color.error();
  const auto rgb = parse_color_hex((*color)->as_string());
  if (!rgb) return r.error("ions[].color", "must be six hex digits RRGGBB");
  species.color = *rgb;
  return species;
}

Result<MassRange> read_range(const json::Value& range, const detail::MemberReader& r) {
  MassRange m;
  auto low = r.get(range, "low_da", "ranges[].low_da", json::Type::number);
  if (!low) return low.error();
  auto high = r.get(range, "high_da", "ranges[].high_da", json::Type::number);
  if (!high) return high.error();
  auto ion = r.integer_member(range, "ion", "ranges[].ion", kMaxRangeIons);
  if (!ion) return ion.error();
  m.low_da = (*low)->as_number();
  m.high_da = (*high)->as_number();
  m.ion_index = static_cast<std::size_t>(*ion);
  if (const json::Value* volume = range.find("volume_nm3")) {
    auto v = r.finite(*volume, "ranges[].volume_nm3");
    if (!v) return v.error();
    m.volume_nm3 = *v;
  }
  return m;
}

}  // namespace

json::Value range_table_to_json(const RangeTable& table) {
  json::Array ions;
  for (const IonSpecies& ion : table.ions) {
    json::Object composition;
    for (const ElementCount& e : ion.composition) composition.emplace_back(e.element, json::Value(static_cast<double>(e.count)));
    ions.emplace_back(json::Object{{"name", json::Value(ion.name)},
                                   {"composition", json::Value(std::move(composition))},
                                   {"charge", json::Value(ion.charge)},
                                   {"color", json::Value(color_hex(ion.color))}});
  }
  json::Array ranges;
  for (const MassRange& r : table.ranges) {
    json::Object range{{"low_da", json::Value(r.low_da)},
                       {"high_da", json::Value(r.high_da)},
                       {"ion", json::Value(static_cast<double>(r.ion_index))}};
    if (r.volume_nm3 != 0) range.emplace_back("volume_nm3", json::Value(r.volume_nm3));
    ranges.emplace_back(std::move(range));
  }
  json::Object out;
  out.emplace_back("ions", std::move(ions));
  out.emplace_back("ranges", std::move(ranges));
  return out;
}

Result<RangeTable> range_table_from_json(const json::Value& value, std::string_view source) {
  const detail::MemberReader r{std::string(source)};
  if (!value.is_object()) return r.error("", "must be an object");
  auto ions = r.get(value, "ions", "ions", json::Type::array);
  if (!ions) return ions.error();
  auto ranges = r.get(value, "ranges", "ranges", json::Type::array);
  if (!ranges) return ranges.error();
  if ((*ions)->as_array().size() > kMaxRangeIons || (*ranges)->as_array().size() > kMaxRanges) {
    return r.error("", "holds more ions or ranges than the limit of " + std::to_string(kMaxRanges));
  }
  RangeTable table;
  for (const json::Value& ion : (*ions)->as_array()) {
    auto species = read_ion(ion, r);
    if (!species) return species.error();
    table.ions.push_back(std::move(*species));
  }
  for (const json::Value& range : (*ranges)->as_array()) {
    auto mass_range = read_range(range, r);
    if (!mass_range) return mass_range.error();
    table.ranges.push_back(*mass_range);
  }
  if (Status s = validate_range_table(table, source); !s) return s.error();
  return table;
}

}  // namespace hs
