// RRNG range files: INI-like parsing into a RangeTable, and writing one back.
#include "io/rrng.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <optional>

#include "io/ascii_case.h"
#include "io/range_text.h"
#include "util/text_codec.h"

namespace hs {
namespace {

// An "Ion7=..." or "Range7=..." line.
struct Entry {
  std::uint32_t index = 0;
  std::string_view value;
  TextLine line;
};

struct SectionEntries {
  std::string_view name;  // "Ions" or "Ranges"
  std::size_t max_entries = 0;
  bool seen = false;
  std::optional<std::uint32_t> number;
  std::vector<Entry> entries;
};

// What one Range line says.
struct RangeLine {
  double low_da = 0, high_da = 0, volume_nm3 = 0;
  std::string name;
  std::vector<ElementCount> composition;
  std::optional<RgbColor> color;
};

Error parse_error(const std::string& where, const std::string& problem) {
  return make_error(ErrorCode::parse, where + problem);
}

// 7 for "Ion7" with prefix "Ion" (any case); nullopt for other keys.
std::optional<std::uint32_t> indexed_key(std::string_view key, std::string_view prefix) {
  if (!starts_with_ignoring_case(key, prefix)) return std::nullopt;
  return parse_count(key.substr(prefix.size()));
}

std::optional<int> hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  const char lower = ascii_lower(c);
  if (lower >= 'a' && lower <= 'f') return lower - 'a' + 10;
  return std::nullopt;
}

// "RRGGBB" (hex, any case) -> colour.
std::optional<RgbColor> parse_hex_color(std::string_view text) {
  if (text.size() != 6) return std::nullopt;
  std::array<float, 3> channels{};
  for (std::size_t c = 0; c < 3; ++c) {
    const std::optional<int> high = hex_digit(text[2 * c]), low = hex_digit(text[2 * c + 1]);
    if (!high || !low) return std::nullopt;
    channels[c] = static_cast<float>(*high * 16 + *low) / 255.0f;
  }
  return RgbColor{channels[0], channels[1], channels[2]};
}

std::string hex_color(const RgbColor& color) {
  std::string text;
  for (const float channel : {color.r, color.g, color.b}) {
    const int value = static_cast<int>(std::lround(std::clamp(channel, 0.0f, 1.0f) * 255.0f));
    constexpr std::string_view kHex = "0123456789ABCDEF";
    text += kHex[static_cast<std::size_t>(value / 16)];
    text += kHex[static_cast<std::size_t>(value % 16)];
  }
  return text;
}

// The entries of a section sorted by index, checked to be exactly 1..n with n = Number= if given.
Status check_entries(SectionEntries& section, std::string_view source) {
  const std::string where = std::string(source) + ": [" + std::string(section.name) + "]: ";
  if (section.entries.size() > section.max_entries) {
    return make_error(ErrorCode::limit, where + std::to_string(section.entries.size()) +
                                            " entries exceed the limit of " +
                                            std::to_string(section.max_entries));
  }
  std::stable_sort(section.entries.begin(), section.entries.end(),
                   [](const Entry& a, const Entry& b) { return a.index < b.index; });
  for (std::size_t i = 0; i < section.entries.size(); ++i) {
    const Entry& entry = section.entries[i];
    if (entry.index != i + 1) {
      return parse_error(line_prefix(source, entry.line),
                         entry.index == i ? "entry " + std::to_string(entry.index) + " appears twice"
                                          : "entry " + std::to_string(i + 1) + " is missing (found " +
                                                std::to_string(entry.index) + ")");
    }
  }
  if (section.number && *section.number != section.entries.size()) {
    return parse_error(where, "Number=" + std::to_string(*section.number) + " but " +
                                  std::to_string(section.entries.size()) + " entries are listed");
  }
  return {};
}

Result<RangeLine> parse_range_line(const Entry& entry, std::string_view source,
                                   std::vector<std::string>& warnings) {
  const std::string where = line_prefix(source, entry.line);
  const std::vector<std::string_view> fields = split_fields(entry.value);
  RangeLine range;
  const std::optional<double> low = fields.size() >= 2 ? parse_decimal(fields[0]) : std::nullopt;
  const std::optional<double> high = fields.size() >= 2 ? parse_decimal(fields[1]) : std::nullopt;
  if (!low || !high) return parse_error(where, "expected the low and high mass of the range first");
  if (!(*low >= 0 && *low < *high)) {
    return parse_error(where, "masses " + std::string(fields[0]) + " to " + std::string(fields[1]) +
                                  " are not a range with 0 <= low < high");
  }
  range.low_da = *low;
  range.high_da = *high;
  for (std::size_t i = 2; i < fields.size(); ++i) {
    const std::size_t colon = fields[i].find(':');
    if (colon == std::string_view::npos) {
      warnings.push_back(where + "field '" + printable_excerpt(fields[i]) + "' ignored");
      continue;
    }
    const std::string_view key = fields[i].substr(0, colon);
    std::string_view value = fields[i].substr(colon + 1);
    if (value.empty() && i + 1 < fields.size() && fields[i + 1].find(':') == std::string_view::npos) {
      value = fields[++i];  // "Name: AlO"
    }
    if (equals_ignoring_case(key, "Vol")) {
      const std::optional<double> volume = parse_decimal(value);
      if (!volume || *volume < 0)
        return parse_error(where, "Vol:" + printable_excerpt(value) + " is not a volume");
      range.volume_nm3 = *volume;
    } else if (equals_ignoring_case(key, "Name")) {
      if (value.empty()) return parse_error(where, "Name: without a name");
      range.name = std::string(value);
    } else if (equals_ignoring_case(key, "Color") || equals_ignoring_case(key, "Colour")) {
      range.color = parse_hex_color(value);
      if (!range.color)
        warnings.push_back(where + "colour '" + printable_excerpt(value) + "' is not RRGGBB; ignored");
    } else if (is_element_symbol(key)) {
      const std::optional<std::uint32_t> count = parse_count(value);
      if (!count || *count == 0 || *count > kMaxAtomsPerElement) {
        return parse_error(where, "element count " + printable_excerpt(fields[i]) + " is not 1.." +
                                      std::to_string(kMaxAtomsPerElement));
      }
      if (!add_atoms(range.composition, key, *count))
        return parse_error(where, "too many " + std::string(key) + " atoms");
    } else {
      warnings.push_back(where + "field '" + printable_excerpt(fields[i]) + "' ignored");
    }
  }
  if (range.name.empty() && range.composition.empty()) {
    return parse_error(where, "the range names no ion (no Name: and no element counts)");
  }
  return range;
}

// The ion a range belongs to, adding it to the table when it is new.
std::size_t resolve_ion(RangeTable& table, const RangeLine& range, const std::string& where,
                        std::vector<std::string>& warnings) {
  if (range.name.empty()) return find_or_add_ion(table, range.composition);
  const auto named = std::find_if(table.ions.begin(), table.ions.end(),
                                  [&](const IonSpecies& ion) { return ion.name == range.name; });
  if (named == table.ions.end()) {
    table.ions.push_back(ion_from_name(range.name));
    if (!range.composition.empty()) table.ions.back().composition = range.composition;
    return table.ions.size() - 1;
  }
  if (!range.composition.empty() && !same_composition(named->composition, range.composition)) {
    if (!named->composition.empty()) {
      warnings.push_back(where + "element counts " + formula_name(range.composition) +
                         " replace the composition " + formula_name(named->composition) + " of ion " +
                         printable_excerpt(named->name));
    }
    named->composition = range.composition;
  }
  return static_cast<std::size_t>(named - table.ions.begin());
}

// Shortest fixed-point text with at least 4 decimals that reads back to `value`; '.' whatever the
// C locale (any other character printf emits is the radix).
std::string decimal_text(double value) {
  std::array<char, 512> buffer{};
  std::string text;
  for (int places = 4; places <= 40; ++places) {
    std::snprintf(buffer.data(), buffer.size(), "%.*f", places, value);
    text = buffer.data();
    for (char& c : text) {
      if (!(c >= '0' && c <= '9') && c != '-') c = '.';
    }
    if (parse_decimal(text) == value) break;
  }
  return text;
}

bool writable_name(std::string_view name) {
  return !name.empty() && std::none_of(name.begin(), name.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte <= 0x20 || byte == 0x7F || c == ':' || c == '=' || c == '[' || c == ']' || c == '#';
  });
}

}  // namespace

Result<RangeFile> parse_rrng(std::string_view text, std::string_view source) {
  RangeFile file;
  SectionEntries ions, ranges;
  ions.name = "Ions";
  ions.max_entries = kMaxRangeIons;
  ranges.name = "Ranges";
  ranges.max_entries = kMaxRanges;
  SectionEntries* current = nullptr;
  bool in_other_section = false;
  for (const TextLine& line : content_lines(text)) {
    const std::string where = line_prefix(source, line);
    if (line.text.front() == '[') {
      if (line.text.back() != ']') return parse_error(where, "section header without ']'");
      const std::string_view name = trim(line.text.substr(1, line.text.size() - 2));
      current = equals_ignoring_case(name, "Ions")     ? &ions
                : equals_ignoring_case(name, "Ranges") ? &ranges
                                                       : nullptr;
      in_other_section = current == nullptr;
      if (current != nullptr) {
        if (current->seen) return parse_error(where, "second [" + std::string(current->name) + "] section");
        current->seen = true;
      }
      continue;
    }
    if (in_other_section) continue;
    if (current == nullptr) {
      file.warnings.push_back(where + "text outside any section ignored");
      continue;
    }
    const std::size_t equals = line.text.find('=');
    if (equals == std::string_view::npos) return parse_error(where, "expected key=value");
    const std::string_view key = trim(line.text.substr(0, equals));
    const std::string_view value = trim(line.text.substr(equals + 1));
    if (equals_ignoring_case(key, "Number")) {
      if (current->number) return parse_error(where, "second Number=");
      current->number = parse_count(value);
      if (!current->number)
        return parse_error(where, "Number=" + printable_excerpt(value) + " is not a count");
      if (*current->number > current->max_entries) {
        return make_error(ErrorCode::limit, where + "Number=" + std::string(value) +
                                                " exceeds the limit of " +
                                                std::to_string(current->max_entries));
      }
    } else if (const auto index = indexed_key(key, current == &ions ? "Ion" : "Range")) {
      if (*index == 0) return parse_error(where, printable_excerpt(key) + ": entries are numbered from 1");
      if (current == &ions && value.empty()) return parse_error(where, "ion without a name");
      current->entries.push_back({*index, value, line});
    } else {
      file.warnings.push_back(where + "key '" + printable_excerpt(key) + "' ignored");
    }
  }
  if (!ranges.seen) return parse_error(std::string(source) + ": ", "no [Ranges] section");
  if (Status status = check_entries(ions, source); !status) return status.error();
  if (Status status = check_entries(ranges, source); !status) return status.error();

  RangeTable& table = file.table;
  for (const Entry& entry : ions.entries) table.ions.push_back(ion_from_name(std::string(entry.value)));
  std::vector<bool> colored(table.ions.size(), false);
  for (const Entry& entry : ranges.entries) {
    Result<RangeLine> range = parse_range_line(entry, source, file.warnings);
    if (!range) return range.error();
    const std::string where = line_prefix(source, entry.line);
    const std::size_t ion_index = resolve_ion(table, *range, where, file.warnings);
    colored.resize(table.ions.size(), false);
    IonSpecies& ion = table.ions[ion_index];
    if (range->color && !colored[ion_index]) {
      ion.color = *range->color;
      colored[ion_index] = true;
    } else if (range->color && !(*range->color == ion.color)) {
      file.warnings.push_back(where + "colour " + hex_color(*range->color) + " differs from ion " +
                              printable_excerpt(ion.name) + "'s earlier colour " + hex_color(ion.color) +
                              "; kept the earlier");
    }
    table.ranges.push_back({range->low_da, range->high_da, ion_index, range->volume_nm3});
  }
  if (Status status = validate_range_table(table, source); !status) return status.error();
  for (std::string& warning : overlap_warnings(table))
    file.warnings.push_back(std::string(source) + ": " + warning);
  return file;
}

Result<RangeFile> read_rrng(ByteSource& source) {
  Result<std::string> text = read_range_text(source);
  if (!text) return text.error();
  return parse_rrng(*text, source.name());
}

Result<std::string> write_rrng(const RangeTable& table, std::string_view destination) {
  if (Status status = validate_range_table(table, destination); !status) return status.error();
  for (std::size_t i = 0; i < table.ions.size(); ++i) {
    const std::string& name = table.ions[i].name;
    const std::string where =
        std::string(destination) + ": ion " + std::to_string(i + 1) + " '" + printable_excerpt(name) + "': ";
    if (!writable_name(name)) {
      return make_error(ErrorCode::invalid_argument,
                        where +
                            "the name cannot be written to RRNG (empty, or has spaces, "
                            "control characters, ':', '=', '[', ']' or '#')");
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (table.ions[j].name == name)
        return make_error(ErrorCode::invalid_argument, where + "the name is used twice");
    }
  }
  std::string text =
      "# Range file written by Heteroscope\r\n[Ions]\r\nNumber=" + std::to_string(table.ions.size()) + "\r\n";
  for (std::size_t i = 0; i < table.ions.size(); ++i) {
    text += "Ion" + std::to_string(i + 1) + "=" + table.ions[i].name + "\r\n";
  }
  text += "[Ranges]\r\nNumber=" + std::to_string(table.ranges.size()) + "\r\n";
  for (std::size_t i = 0; i < table.ranges.size(); ++i) {
    const MassRange& range = table.ranges[i];
    const IonSpecies& ion = table.ions[range.ion_index];
    text += "Range" + std::to_string(i + 1) + "=" + decimal_text(range.low_da) + " " +
            decimal_text(range.high_da) + " Vol:" + decimal_text(range.volume_nm3);
    for (const ElementCount& e : ion.composition) text += " " + e.element + ":" + std::to_string(e.count);
    text += " Name:" + ion.name + " Color:" + hex_color(ion.color) + "\r\n";
  }
  return text;
}

}  // namespace hs
