// CAMECA .apt reader: files built by hand from the layout table documented in cameca_apt.cpp,
// read back exactly; hostile counts and sizes; every truncation; a deterministic fuzz loop.
#include <catch2/catch.hpp>

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "apt_test_support.h"
#include "io/cameca_apt.h"

namespace {

using hs::test::ByteWriter;

constexpr std::uint32_t kInt = 1, kUint = 2, kFloat = 3;

// One section as the table describes it; byte_count and header_size default to what the content implies.
struct Section {
  std::string type;
  std::string unit;
  std::uint32_t data_type = kFloat;
  std::uint32_t bits = 32;
  std::uint32_t record_size = 4;
  std::uint64_t record_count = 0;
  std::uint32_t relationship = 1;
  std::uint32_t record_type = 1;
  hs::Bytes extra_header;  // after the 148 bytes (Position: six float32 bounds)
  hs::Bytes data;
  std::optional<std::uint64_t> byte_count;
  std::optional<std::uint32_t> header_size;
};

// File header: cSignature, iHeaderSize, iHeaderVersion, wcFileName[256], ftCreationTime, llIonCount.
void write_file_header(ByteWriter& w, std::uint64_t ion_count, std::uint32_t header_size = 540,
                       std::uint32_t version = 2) {
  w.text("APT");
  w.u8(0);
  w.u32(header_size);
  w.u32(version);
  hs::test::put_utf16(w, "R5096_12345.apt", 256);
  w.u64(133000000000000000ULL);  // a FILETIME in 2022
  w.u64(ion_count);
}

// Section header (148 bytes) + extra header bytes + data.
void write_section(ByteWriter& w, const Section& s) {
  const std::size_t start = w.size();
  w.text("SEC");
  w.u8(0);
  w.u32(s.header_size.value_or(static_cast<std::uint32_t>(148 + s.extra_header.size())));
  w.u32(2);                                     // iHeaderVersion
  hs::test::put_utf16(w, s.type, 32);        // wcSectionType
  w.u32(1);                                     // iSectionVersion
  w.u32(s.relationship);                        // eRelationshipType
  w.u32(s.record_type);                         // eRecordType
  w.u32(s.data_type);                           // eRecordDataType
  w.u32(s.bits);                                // iDataTypeSize
  w.u32(s.record_size);                         // iRecordSize
  hs::test::put_utf16(w, s.unit, 16);        // wcDataUnit
  w.u64(s.record_count);                        // llRecordCount
  w.u64(s.byte_count.value_or(s.data.size()));  // llByteCount
  REQUIRE(w.size() - start == 148);
  hs::test::put_bytes(w, s.extra_header);
  hs::test::put_bytes(w, s.data);
}

Section make_section(std::string type, std::string unit, std::uint32_t data_type, std::uint32_t bits,
                     std::uint32_t record_size, std::uint64_t record_count) {
  Section s;
  s.type = std::move(type);
  s.unit = std::move(unit);
  s.data_type = data_type;
  s.bits = bits;
  s.record_size = record_size;
  s.record_count = record_count;
  return s;
}

float x_of(std::size_t i) {
  return static_cast<float>(i) * 0.5f - 10.0f;
}
float y_of(std::size_t i) {
  return -static_cast<float>(i);
}
float z_of(std::size_t i) {
  return static_cast<float>(i) * 2.0f + 0.25f;
}
float mass_of(std::size_t i) {
  return 1.0f + static_cast<float>(i) * 0.125f;
}

Section position_section(std::size_t ions) {
  Section s = make_section("Position", "nm", kFloat, 32, 12, ions);
  ByteWriter bounds, data;
  for (float b : {-10.0f, 10.0f, -5.0f, 5.0f, 0.0f, 100.0f}) bounds.f32(b);
  for (std::size_t i = 0; i < ions; ++i) {
    data.f32(x_of(i));
    data.f32(y_of(i));
    data.f32(z_of(i));
  }
  s.extra_header = bounds.take();
  s.data = data.take();
  return s;
}

Section mass_section(std::size_t ions) {
  Section s = make_section("Mass", "Da", kFloat, 32, 4, ions);
  ByteWriter data;
  for (std::size_t i = 0; i < ions; ++i) data.f32(mass_of(i));
  s.data = data.take();
  return s;
}

Section float_section(std::string type, std::string unit, std::size_t ions, float first, float step) {
  Section s = make_section(std::move(type), std::move(unit), kFloat, 32, 4, ions);
  ByteWriter data;
  for (std::size_t i = 0; i < ions; ++i) data.f32(first + step * static_cast<float>(i));
  s.data = data.take();
  return s;
}

hs::Bytes apt_file(std::uint64_t ion_count, const std::vector<Section>& sections) {
  ByteWriter w;
  write_file_header(w, ion_count);
  REQUIRE(w.size() == 540);
  for (const Section& s : sections) write_section(w, s);
  return w.take();
}

hs::Result<std::unique_ptr<hs::PointReader>> open_bytes(const hs::Bytes& bytes,
                                                        const std::string& name = "run.apt") {
  return hs::open_cameca_apt(hs::memory_source(bytes, name));
}

// Opens `bytes` expecting an error whose message names run.apt and contains `fragment`.
void require_error(const hs::Bytes& bytes, const std::string& fragment) {
  auto reader = open_bytes(bytes);
  INFO("expected an error containing: " << fragment);
  REQUIRE_FALSE(reader.ok());
  INFO("got: " << reader.error().message);
  CHECK(hs::test::starts_with(reader.error().message, "run.apt: "));
  CHECK(hs::test::contains(reader.error().message, fragment));
}

}  // namespace

TEST_CASE("apt: the builder follows the documented offsets", "[apt][apt_io]") {
  const hs::Bytes bytes = apt_file(2, {position_section(2), mass_section(2)});
  // File header: llIonCount at 532; first section at 540; its wcSectionType at +12, llByteCount at
  // +140; Position data after 148 + 24 bytes of header.
  CHECK(bytes[532] == 2);
  CHECK(bytes[540] == 'S');
  CHECK(bytes[540 + 12] == 'P');
  CHECK(bytes[540 + 13] == 0);
  CHECK(bytes[540 + 140] == 24);  // 2 ions x 12 bytes
  CHECK(bytes[540 + 4] == 172);   // iHeaderSize of Position
  CHECK(bytes.size() == 540 + 172 + 24 + 148 + 8);
  CHECK(hs::has_cameca_apt_magic(bytes));
  CHECK_FALSE(hs::has_cameca_apt_magic(hs::Bytes{'A', 'P', 'T', ' '}));
  CHECK_FALSE(hs::has_cameca_apt_magic(hs::Bytes{'A', 'P', 'T'}));
}

TEST_CASE("apt: positions, masses and known extra sections read back exactly", "[apt][apt_io]") {
  const std::size_t ions = 6;
  Section multiplicity = make_section("Multiplicity", "", kInt, 32, 4, ions);
  ByteWriter m;
  for (std::size_t i = 0; i < ions; ++i) m.u32(static_cast<std::uint32_t>(i % 3));
  multiplicity.data = m.take();
  Section delta = make_section("pulseDelta", "", kInt, 16, 2, ions);
  ByteWriter d;
  for (std::int16_t v : {300, -2, 0, 1, 32767, -32768}) d.i16(v);
  delta.data = d.take();

  const hs::Bytes bytes = apt_file(ions, {
                                             position_section(ions),
                                             float_section("pulse", "", ions, 1, 1),  // not mapped
                                             mass_section(ions),
                                             float_section("tof", "ns", ions, 400, 10),
                                             float_section("Voltage", "kV", ions, 5.5f, 0.25f),
                                             float_section("XDet_mm", "mm", ions, -20, 1.5f),
                                             float_section("YDet_mm", "mm", ions, 20, -1.5f),
                                             multiplicity,
                                             delta,
                                         });
  auto reader = open_bytes(bytes);
  REQUIRE(reader.ok());
  const hs::PointFileInfo& info = (*reader)->info();
  CHECK(info.ion_count == ions);
  CHECK(info.format == "apt");
  CHECK(info.fields.tof_ns);
  CHECK(info.fields.vdc_v);
  CHECK_FALSE(info.fields.vpulse_v);
  CHECK(info.fields.det_x_mm);
  CHECK(info.fields.det_y_mm);
  CHECK(info.fields.multiplicity);
  CHECK(info.fields.delta_pulse);
  CHECK_FALSE(info.has_epos_fields);
  REQUIRE(info.notes.size() == 1);
  CHECK(info.notes[0] == "sections not read: 'pulse'");

  hs::IonBatch b;
  REQUIRE((*reader)->read(1, 5, b).ok());
  REQUIRE(b.size() == 5);
  CHECK(b.vpulse_v.empty());
  for (std::size_t i = 0; i < 5; ++i) {
    const std::size_t ion = i + 1;
    const float k = static_cast<float>(ion);
    CHECK(b.x_nm[i] == x_of(ion));
    CHECK(b.y_nm[i] == y_of(ion));
    CHECK(b.z_nm[i] == z_of(ion));
    CHECK(b.mass_da[i] == mass_of(ion));
    CHECK(b.tof_ns[i] == 400 + 10 * k);
    CHECK(b.vdc_v[i] == (5.5f + 0.25f * k) * 1000.0f);  // kV -> V; exact for these quarters
    CHECK(b.det_x_mm[i] == -20 + 1.5f * k);
    CHECK(b.det_y_mm[i] == 20 - 1.5f * k);
    CHECK(b.multiplicity[i] == static_cast<std::int32_t>(ion % 3));
  }
  CHECK(b.delta_pulse == std::vector<std::int32_t>{-2, 0, 1, 32767, -32768});
}

TEST_CASE("apt: float64 masses and other integer widths are converted", "[apt][apt_io]") {
  const std::size_t ions = 3;
  Section mass = make_section("Mass", "amu", kFloat, 64, 8, ions);
  ByteWriter m;
  for (double v : {1.5, 27.25, 1e300}) m.f64(v);
  mass.data = m.take();
  Section multiplicity = make_section("multiplicity", "ions", kUint, 8, 1, ions);
  multiplicity.data = {0, 1, 255};
  Section delta = make_section("Delta Pulse", "", kInt, 64, 8, ions);
  ByteWriter d;
  for (std::int64_t v : {std::int64_t{5}, std::int64_t{-7'000'000'000}, std::int64_t{7'000'000'000}}) {
    d.i64(v);
  }
  delta.data = d.take();
  auto reader = open_bytes(apt_file(ions, {position_section(ions), mass, multiplicity, delta}));
  REQUIRE(reader.ok());
  hs::IonBatch b;
  REQUIRE((*reader)->read(0, ions, b).ok());
  CHECK(b.mass_da[0] == 1.5f);
  CHECK(b.mass_da[1] == 27.25f);
  CHECK(b.mass_da[2] == std::numeric_limits<float>::infinity());  // out of float range
  CHECK(b.multiplicity == std::vector<std::int32_t>{0, 1, 255});
  CHECK(b.delta_pulse == std::vector<std::int32_t>{5, std::numeric_limits<std::int32_t>::min(),
                                                   std::numeric_limits<std::int32_t>::max()});
}

TEST_CASE("apt: batches at arbitrary offsets across chunk boundaries", "[apt][apt_io]") {
  // 1 MiB chunks hold 87381 positions; 100000 ions need two.
  const std::size_t ions = 100000;
  auto reader = open_bytes(apt_file(ions, {mass_section(ions), position_section(ions)}));
  REQUIRE(reader.ok());
  hs::IonBatch b;
  for (const auto& [first, count] : {std::pair<std::uint64_t, std::uint64_t>{87000, 1000},
                                     {0, 1},
                                     {ions - 1, 1},
                                     {12345, 6789},
                                     {0, ions}}) {
    INFO("first " << first << " count " << count);
    REQUIRE((*reader)->read(first, count, b).ok());
    REQUIRE(b.size() == count);
    for (std::size_t i = 0; i < count; ++i) {
      const std::size_t ion = static_cast<std::size_t>(first) + i;
      REQUIRE(b.x_nm[i] == x_of(ion));
      REQUIRE(b.y_nm[i] == y_of(ion));
      REQUIRE(b.z_nm[i] == z_of(ion));
      REQUIRE(b.mass_da[i] == mass_of(ion));
    }
  }
  CHECK_FALSE((*reader)->read(ions, 1, b).ok());
}

TEST_CASE("apt: corrupt file headers are errors", "[apt][apt_io]") {
  const std::vector<Section> sections{position_section(2), mass_section(2)};
  const hs::Bytes good = apt_file(2, sections);
  REQUIRE(open_bytes(good).ok());

  require_error(hs::Bytes(good.begin(), good.begin() + 539),
                "truncated: 539 bytes is shorter than the 540-byte");
  hs::Bytes bad = good;
  bad[2] = 'X';
  require_error(bad, "not an APT file");

  ByteWriter v3;
  write_file_header(v3, 2, 540, 3);
  for (const Section& s : sections) write_section(v3, s);
  auto reader = open_bytes(v3.bytes());
  REQUIRE_FALSE(reader.ok());
  CHECK(reader.error().code == hs::ErrorCode::unsupported);

  for (const std::uint32_t header_size :
       {0u, 539u, 0xFFFFFFFFu, static_cast<std::uint32_t>(good.size() + 1)}) {
    ByteWriter w;
    write_file_header(w, 2, header_size);
    for (const Section& s : sections) write_section(w, s);
    require_error(w.bytes(), "iHeaderSize " + std::to_string(header_size));
  }
}

TEST_CASE("apt: section sizes and counts that do not fit are errors", "[apt][apt_io]") {
  const std::size_t ions = 4;
  const std::uint64_t u64_max = std::numeric_limits<std::uint64_t>::max();
  const auto with_mass = [&](const std::function<void(Section&)>& change) {
    Section mass = mass_section(ions);
    change(mass);
    return apt_file(ions, {position_section(ions), mass});
  };

  // Byte counts that run past the end of the file, including values that overflow offset + size.
  require_error(with_mass([](Section& s) { s.byte_count = 17; }),
                "llByteCount 17 overflows the file (16 bytes left)");
  require_error(with_mass([&](Section& s) { s.byte_count = u64_max; }), "overflows the file");
  require_error(with_mass([&](Section& s) { s.byte_count = u64_max - 100; }), "overflows the file");
  // Section header sizes outside 148 .. bytes left.
  require_error(with_mass([](Section& s) { s.header_size = 147; }), "iHeaderSize 147 is outside 148..");
  require_error(with_mass([](Section& s) { s.header_size = 0xFFFFFFFF; }), "iHeaderSize 4294967295");
  // Counts that disagree with the header, or a byte count that is not count x record size.
  require_error(with_mass([](Section& s) { s.record_count = 5; }),
                "llRecordCount 5 differs from the header's ion count 4");
  require_error(with_mass([](Section& s) { s.byte_count = 12; }),
                "llByteCount 12 is not 4 records of 4 bytes");
  require_error(with_mass([](Section& s) { s.record_size = 8; }), "iRecordSize 8");
  require_error(with_mass([](Section& s) { s.data_type = kInt; }), "unexpected value type");
  require_error(with_mass([](Section& s) { s.bits = 16; }), "unexpected value type");
  require_error(with_mass([](Section& s) { s.relationship = 2; }), "not one record per ion");
  require_error(with_mass([](Section& s) { s.record_type = 2; }), "not of fixed size");
  require_error(with_mass([](Section& s) { s.unit = "kg"; }), "unit 'kg' is not supported");
  require_error(with_mass([](Section& s) { s.type = "Position"; }), "a second section for the same data");
  require_error(with_mass([](Section& s) { s.type = "Masses"; }), "no Mass section");

  // A header claiming 2^40 ions: the Position section cannot hold them in this file.
  Section huge = position_section(ions);
  huge.record_count = std::uint64_t{1} << 40;
  huge.byte_count = huge.record_count * 12;
  require_error(apt_file(huge.record_count, {huge, mass_section(ions)}), "overflows the file");
  // Record count x record size wrapping around 2^64 to a small byte count.
  Section wrap = mass_section(ions);
  wrap.record_count = (std::uint64_t{1} << 62) + 1;
  wrap.byte_count = 4;  // (2^62 + 1) * 4 mod 2^64
  wrap.data.resize(4);
  require_error(apt_file(wrap.record_count, {wrap}), "llByteCount 4 is not 4611686018427387905 records");

  // A section header cut short, and bytes that are not a section.
  hs::Bytes cut = apt_file(ions, {position_section(ions), mass_section(ions)});
  cut.resize(cut.size() - 16 - 100);
  require_error(cut, "truncated section header at byte");
  hs::Bytes junk = apt_file(ions, {position_section(ions), mass_section(ions)});
  junk.insert(junk.end(), 200, 0x20);
  require_error(junk, "no section signature");

  // Too many (empty) sections.
  std::vector<Section> many{position_section(ions), mass_section(ions)};
  many.resize(4100, make_section("Empty", "", kFloat, 32, 4, 0));
  auto reader = open_bytes(apt_file(ions, many));
  REQUIRE_FALSE(reader.ok());
  CHECK(reader.error().code == hs::ErrorCode::limit);
}

TEST_CASE("apt: unusable or repeated optional sections are skipped with a note", "[apt][apt_io]") {
  const std::size_t ions = 3;
  Section tof = float_section("tof", "ns", ions, 1, 1);
  tof.relationship = 4;  // one-to-many: not per ion
  Section delta = make_section("pulseDelta", "", kInt, 16, 2, ions);
  delta.data = {1, 0, 2, 0, 3, 0};
  Section delta_again = make_section("Delta Pulse", "", kInt, 16, 2, ions);
  delta_again.data = {9, 0, 9, 0, 9, 0};
  auto reader =
      open_bytes(apt_file(ions, {position_section(ions), mass_section(ions), tof, delta, delta_again}));
  REQUIRE(reader.ok());
  const hs::PointFileInfo& info = (*reader)->info();
  CHECK_FALSE(info.fields.tof_ns);
  CHECK(info.fields.delta_pulse);
  REQUIRE(info.notes.size() == 2);
  CHECK(hs::test::starts_with(info.notes[0], "run.apt: section 'tof' at byte "));
  CHECK(
      hs::test::contains(info.notes[0], "not one record per ion (eRelationshipType 4); section not read"));
  CHECK(hs::test::contains(info.notes[1], "section 'Delta Pulse'"));
  CHECK(hs::test::contains(info.notes[1], "a second section for the same data; section not read"));
  hs::IonBatch b;
  REQUIRE((*reader)->read(0, ions, b).ok());
  CHECK(b.tof_ns.empty());
  CHECK(b.delta_pulse == std::vector<std::int32_t>{1, 2, 3});  // the first of the two
}

TEST_CASE("apt: every truncation is an error unless it falls between optional sections", "[apt][apt_io]") {
  const std::size_t ions = 3;
  const std::vector<Section> sections{position_section(ions), mass_section(ions),
                                      float_section("tof", "ns", ions, 1, 1),
                                      float_section("freq", "Hz", ions, 1, 1)};
  ByteWriter w;
  write_file_header(w, ions);
  std::vector<std::size_t> valid_cuts;  // ends of sections after Position and Mass are both complete
  for (std::size_t i = 0; i < sections.size(); ++i) {
    write_section(w, sections[i]);
    if (i >= 1) valid_cuts.push_back(w.size());
  }
  valid_cuts.pop_back();  // the complete file
  std::vector<std::size_t> opened;
  const hs::Bytes& whole = w.bytes();
  for (std::size_t size = 0; size < whole.size(); ++size) {
    auto reader = open_bytes(hs::Bytes(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(size)));
    if (!reader.ok()) {
      REQUIRE(hs::test::starts_with(reader.error().message, "run.apt: "));
      continue;
    }
    opened.push_back(size);
    hs::IonBatch b;
    REQUIRE((*reader)->read(0, ions, b).ok());
    CHECK(b.mass_da[2] == mass_of(2));
  }
  CHECK(opened == valid_cuts);
}

TEST_CASE("apt: mutated files never crash the reader", "[apt][apt_io][fuzz]") {
  const std::size_t ions = 5;
  Section multiplicity = make_section("Multiplicity", "", kInt, 32, 4, ions);
  multiplicity.data.resize(ions * 4, 1);
  const hs::Bytes good = apt_file(ions, {position_section(ions), mass_section(ions),
                                         float_section("tof", "ns", ions, 1, 1), multiplicity});
  hs::test::Lcg lcg(12345);
  int opened = 0;
  for (int iteration = 0; iteration < 3000; ++iteration) {
    hs::Bytes bytes = good;
    const std::size_t edits = 1 + lcg.below(4);
    for (std::size_t e = 0; e < edits; ++e) {
      const std::size_t at = lcg.below(static_cast<std::uint32_t>(bytes.size()));
      switch (lcg.below(4)) {
        case 0:
          bytes[at] = static_cast<std::uint8_t>(lcg.next());
          break;
        case 1:
          bytes[at] = 0xFF;
          break;
        case 2:
          bytes[at] ^= static_cast<std::uint8_t>(1u << lcg.below(8));
          break;
        default:
          bytes.resize(at);
          break;
      }
      if (bytes.empty()) break;
    }
    auto reader = open_bytes(bytes);
    if (!reader.ok()) {
      REQUIRE(hs::test::starts_with(reader.error().message, "run.apt: "));
      continue;
    }
    ++opened;
    const std::uint64_t count = std::min<std::uint64_t>((*reader)->info().ion_count, 64);
    hs::IonBatch b;
    REQUIRE((*reader)->read(0, count, b).ok());
  }
  CHECK(opened > 0);
}
