// RNG range files: line-oriented parsing into a RangeTable.
#include "io/rng.h"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "io/range_text.h"
#include "util/text_codec.h"

namespace hs {
namespace {

Error parse_error(const std::string& where, const std::string& problem) {
  return make_error(ErrorCode::parse, where + problem);
}

// Parses "symbol r g b" into an ion; colour channels outside 0..1 are clamped with a warning.
Result<IonSpecies> parse_ion_line(const TextLine& line, std::string_view source,
                                  std::vector<std::string>& warnings) {
  const std::string where = line_prefix(source, line);
  const std::vector<std::string_view> fields = split_fields(line.text);
  if (fields.size() < 4) return parse_error(where, "expected 'symbol r g b'");
  IonSpecies ion = ion_from_name(std::string(fields[0]));
  std::array<float, 3> rgb{};
  for (std::size_t c = 0; c < 3; ++c) {
    const std::optional<double> channel = parse_decimal(fields[1 + c]);
    if (!channel)
      return parse_error(where, "colour '" + printable_excerpt(fields[1 + c]) + "' is not a number");
    if (*channel < 0 || *channel > 1) warnings.push_back(where + "colour channel outside 0..1 clamped");
    rgb[c] = static_cast<float>(std::clamp(*channel, 0.0, 1.0));
  }
  ion.color = RgbColor{rgb[0], rgb[1], rgb[2]};
  return ion;
}

// The ion of a range with `counts[j]` of column j's ion; nullopt (with a warning) when all are 0.
Result<std::optional<std::size_t>> range_ion(RangeTable& table, const std::vector<std::size_t>& column_ion,
                                             const std::vector<std::uint32_t>& counts,
                                             const std::string& where, std::vector<std::string>& warnings) {
  std::vector<std::size_t> used;
  for (std::size_t j = 0; j < counts.size(); ++j) {
    if (counts[j] > 0) used.push_back(j);
  }
  if (used.empty()) {
    warnings.push_back(where + "the range names no ion; skipped");
    return std::optional<std::size_t>();
  }
  if (used.size() == 1 && counts[used[0]] == 1) return std::optional<std::size_t>(column_ion[used[0]]);
  std::vector<ElementCount> composition;
  for (const std::size_t j : used) {
    const IonSpecies& part = table.ions[column_ion[j]];
    if (part.composition.empty()) {
      return parse_error(
          where, "a molecular range uses ion '" + printable_excerpt(part.name) + "', which is no formula");
    }
    for (const ElementCount& e : part.composition) {
      if (!add_atoms(composition, e.element, e.count * counts[j])) {
        return parse_error(where, "too many " + e.element + " atoms");
      }
    }
  }
  const std::size_t ions_before = table.ions.size();
  const std::size_t index = find_or_add_ion(table, composition);
  if (table.ions.size() > ions_before) table.ions[index].color = table.ions[column_ion[used[0]]].color;
  return std::optional<std::size_t>(index);
}

}  // namespace

Result<RangeFile> parse_rng(std::string_view text, std::string_view source) {
  const std::vector<TextLine> lines = content_lines(text);
  if (lines.empty()) return parse_error(std::string(source) + ": ", "empty file");
  const std::vector<std::string_view> sizes = split_fields(lines[0].text);
  const std::optional<std::uint32_t> ion_count = sizes.size() == 2 ? parse_count(sizes[0]) : std::nullopt;
  const std::optional<std::uint32_t> range_count = sizes.size() == 2 ? parse_count(sizes[1]) : std::nullopt;
  if (!ion_count || !range_count)
    return parse_error(line_prefix(source, lines[0]), "expected 'ions ranges' counts");
  if (*ion_count > kMaxRangeIons || *range_count > kMaxRanges) {
    return make_error(ErrorCode::limit, line_prefix(source, lines[0]) + "counts exceed the limits (" +
                                            std::to_string(kMaxRangeIons) + " ions, " +
                                            std::to_string(kMaxRanges) + " ranges)");
  }
  const std::size_t header_index = 1 + 2 * std::size_t{*ion_count};
  const std::size_t needed_lines = header_index + 1 + *range_count;
  if (lines.size() < needed_lines) {
    return parse_error(std::string(source) + ": ",
                       "truncated: " + std::to_string(*ion_count) + " ions and " +
                           std::to_string(*range_count) + " ranges need " + std::to_string(needed_lines) +
                           " lines but the file has " + std::to_string(lines.size()));
  }

  RangeFile file;
  RangeTable& table = file.table;
  for (std::size_t i = 0; i < *ion_count; ++i) {
    Result<IonSpecies> ion = parse_ion_line(lines[2 + 2 * i], source, file.warnings);  // after its name line
    if (!ion) return ion.error();
    table.ions.push_back(std::move(*ion));
  }

  const TextLine& header = lines[header_index];
  const std::vector<std::string_view> columns = split_fields(header.text);
  if (columns.empty() || columns[0].find_first_not_of('-') != std::string_view::npos) {
    return parse_error(line_prefix(source, header), "expected the '------ Ni O ...' column header");
  }
  if (columns.size() - 1 != *ion_count) {
    return parse_error(line_prefix(source, header), std::to_string(columns.size() - 1) + " columns for " +
                                                        std::to_string(*ion_count) + " ions");
  }
  std::vector<std::size_t> column_ion;
  for (std::size_t j = 1; j < columns.size(); ++j) {
    const auto ion = std::find_if(table.ions.begin(), table.ions.end(),
                                  [&](const IonSpecies& s) { return s.name == columns[j]; });
    if (ion == table.ions.end()) {
      return parse_error(line_prefix(source, header),
                         "column '" + printable_excerpt(columns[j]) + "' names no ion");
    }
    column_ion.push_back(static_cast<std::size_t>(ion - table.ions.begin()));
  }

  for (std::size_t k = 0; k < *range_count; ++k) {
    const TextLine& line = lines[header_index + 1 + k];
    const std::string where = line_prefix(source, line);
    const std::vector<std::string_view> fields = split_fields(line.text);
    if (fields.size() != 4 + column_ion.size() || fields[0] != ".") {
      return parse_error(where,
                         "expected '. low high volume' and " + std::to_string(column_ion.size()) + " counts");
    }
    const std::optional<double> low = parse_decimal(fields[1]), high = parse_decimal(fields[2]);
    const std::optional<double> volume = parse_decimal(fields[3]);
    if (!low || !high || !volume) return parse_error(where, "low, high and volume must be numbers");
    if (!(*low >= 0 && *low < *high) || *volume < 0) {
      return parse_error(where, "masses " + std::string(fields[1]) + " to " + std::string(fields[2]) +
                                    " are not a range with 0 <= low < high, or the volume is negative");
    }
    std::vector<std::uint32_t> counts;
    for (std::size_t j = 0; j < column_ion.size(); ++j) {
      const std::optional<std::uint32_t> count = parse_count(fields[4 + j]);
      if (!count || *count > kMaxAtomsPerElement) {
        return parse_error(where, "count '" + printable_excerpt(fields[4 + j]) + "' is not 0.." +
                                      std::to_string(kMaxAtomsPerElement));
      }
      counts.push_back(*count);
    }
    Result<std::optional<std::size_t>> ion = range_ion(table, column_ion, counts, where, file.warnings);
    if (!ion) return ion.error();
    if (*ion) table.ranges.push_back({*low, *high, **ion, *volume});
  }
  if (lines.size() > needed_lines) {
    file.warnings.push_back(line_prefix(source, lines[needed_lines]) +
                            std::to_string(lines.size() - needed_lines) +
                            " line(s) after the last range ignored");
  }
  if (Status status = validate_range_table(table, source); !status) return status.error();
  for (std::string& warning : overlap_warnings(table))
    file.warnings.push_back(std::string(source) + ": " + warning);
  return file;
}

Result<RangeFile> read_rng(ByteSource& source) {
  Result<std::string> text = read_range_text(source);
  if (!text) return text.error();
  return parse_rng(*text, source.name());
}

}  // namespace hs
