// Length unit names found in file metadata (ImageJ "unit=", EMD "[n_m]", ...) as nanometres.
#pragma once

#include <optional>
#include <string_view>

namespace hs {

// Nanometres per unit for names such as "nm", "um", "µm", "micron", "\u00B5m", "mm", "cm", "m",
// "A", "Å", "angstrom", "pm", singular or plural, also in EMD's bracketed form "[n_m]", "[u_m]".
// ASCII letters match in any case. nullopt for anything else ("pixel", "", "inch" ...).
std::optional<double> length_unit_nm(std::string_view unit);

}  // namespace hs
