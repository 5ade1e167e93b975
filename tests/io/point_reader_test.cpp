// Point file registry (magic first, then extension) and IonBatch sizing.
#include <catch2/catch.hpp>

#include <string>
#include <tuple>

#include "apt_test_support.h"
#include "io/point_reader.h"

namespace {

using hs::test::ByteWriter;

// A minimal valid .apt: header, Position and Mass sections for one ion (layout as in cameca_apt.cpp).
hs::Bytes one_ion_apt() {
  ByteWriter w;  // little-endian
  w.text("APT");
  w.u8(0);
  w.u32(540);
  w.u32(2);
  hs::test::put_utf16(w, "x.apt", 256);
  w.u64(0);
  w.u64(1);
  for (const auto& [type, unit, values] : {std::tuple{"Position", "nm", 3}, std::tuple{"Mass", "Da", 1}}) {
    w.text("SEC");
    w.u8(0);
    w.u32(148);
    w.u32(2);
    hs::test::put_utf16(w, type, 32);
    w.u32(1);
    w.u32(1);
    w.u32(1);
    w.u32(3);
    w.u32(32);
    w.u32(static_cast<std::uint32_t>(4 * values));
    hs::test::put_utf16(w, unit, 16);
    w.u64(1);
    w.u64(static_cast<std::uint64_t>(4 * values));
    for (int v = 0; v < values; ++v) w.f32(7.0f);
  }
  return w.take();
}

std::string format_of(const hs::Bytes& bytes, const std::string& name) {
  auto reader = hs::open_point_file(hs::memory_source(bytes, name));
  return reader.ok() ? (*reader)->info().format : "error: " + reader.error().message;
}

}  // namespace

TEST_CASE("point files: the registry picks the reader by magic, then by extension",
          "[point_reader][apt_io]") {
  const hs::Bytes pos_bytes(32, 0);  // two POS ions, or nothing else valid
  const hs::Bytes epos_bytes(44, 0);
  ByteWriter ato;
  ato.u32(0);
  ato.u32(3);
  ato.zeros(56);

  CHECK(format_of(pos_bytes, "run.pos") == "pos");
  CHECK(format_of(pos_bytes, "RUN.POS") == "pos");
  CHECK(format_of(epos_bytes, "dir/run.Epos") == "epos");
  CHECK(format_of(ato.bytes(), "run.ato") == "ato");
  CHECK(format_of(one_ion_apt(), "run.apt") == "apt");
  // The APT signature wins over a misleading name.
  CHECK(format_of(one_ion_apt(), "renamed.pos") == "apt");
  CHECK(format_of(one_ion_apt(), "download") == "apt");
  // Without the signature an .apt name still goes to the APT reader, which explains the problem.
  CHECK(format_of(pos_bytes, "fake.apt") ==
        "error: fake.apt: truncated: 32 bytes is shorter than the 540-byte APT file header");
  CHECK(format_of(pos_bytes, "points.xyz") ==
        "error: points.xyz: not a known point file (expected .pos, .epos, .apt or .ato)");
  CHECK(format_of({}, "empty.xyz").rfind("error: empty.xyz: not a known", 0) == 0);

  CHECK(hs::is_point_file_name("a.POS"));
  CHECK(hs::is_point_file_name("b.epos"));
  CHECK(hs::is_point_file_name("c.apt"));
  CHECK(hs::is_point_file_name("d.ato"));
  CHECK_FALSE(hs::is_point_file_name("e.mrc"));
  CHECK_FALSE(hs::is_point_file_name("pos"));
  CHECK_FALSE(hs::is_point_file_name(""));
}

TEST_CASE("point files: read through the registry returns the file's values", "[point_reader][apt_io]") {
  auto reader = hs::open_point_file(hs::memory_source(one_ion_apt(), "x.apt"));
  REQUIRE(reader.ok());
  hs::IonBatch b;
  REQUIRE((*reader)->read(0, 1, b).ok());
  CHECK(b.x_nm[0] == 7.0f);
  CHECK(b.z_nm[0] == 7.0f);
  CHECK(b.mass_da[0] == 7.0f);
}

TEST_CASE("point files: IonBatch::resize sizes only the fields a file has", "[point_reader][apt_io]") {
  hs::IonBatch b;
  hs::IonFieldSet fields;
  fields.tof_ns = true;
  fields.multiplicity = true;
  b.resize(5, fields);
  CHECK(b.size() == 5);
  CHECK(b.x_nm.size() == 5);
  CHECK(b.z_nm.size() == 5);
  CHECK(b.tof_ns.size() == 5);
  CHECK(b.multiplicity.size() == 5);
  CHECK(b.vdc_v.empty());
  CHECK(b.delta_pulse.empty());
  b.resize(2, hs::IonFieldSet{});
  CHECK(b.size() == 2);
  CHECK(b.tof_ns.empty());
  CHECK(b.multiplicity.empty());
  CHECK_FALSE(fields.all());
  CHECK(hs::IonFieldSet{true, true, true, true, true, true, true}.all());
}
