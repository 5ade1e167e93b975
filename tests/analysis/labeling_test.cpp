// Tests of analysis/labeling: hand-made connectivity cases, an independent flood-fill labelling,
// brick-wise labelling equal to whole-array labelling, errors, progress and cancellation.
#include "analysis/labeling.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <deque>

#include "analysis_test_support.h"

namespace {

using hs::Connectivity;

hs::MaskGrid mask_with(const hs::GridShape& shape, std::initializer_list<std::array<int, 3>> voxels) {
  hs::MaskGrid mask = hs::make_grid<std::uint8_t>(shape, 0);
  for (const auto& [z, y, x] : voxels) mask.at(z, y, x) = 1;
  return mask;
}

// Breadth-first flood fill from each unlabelled foreground voxel in raster order: an independent
// labelling with the same numbering rule.
std::vector<std::uint32_t> flood_fill_labels(const hs::MaskGrid& mask, Connectivity connectivity) {
  const hs::GridShape& s = mask.shape;
  std::vector<std::uint32_t> labels(mask.values.size(), 0);
  std::uint32_t next = 0;
  const int limit = static_cast<int>(connectivity) == 6 ? 1 : static_cast<int>(connectivity) == 18 ? 2 : 3;
  for (std::int64_t z = 0; z < s.nz; ++z)
    for (std::int64_t y = 0; y < s.ny; ++y)
      for (std::int64_t x = 0; x < s.nx; ++x) {
        if (!mask.at(z, y, x) || labels[s.index(z, y, x)]) continue;
        labels[s.index(z, y, x)] = ++next;
        std::deque<std::array<std::int64_t, 3>> queue{{z, y, x}};
        while (!queue.empty()) {
          const auto p = queue.front();
          queue.pop_front();
          for (int dz = -1; dz <= 1; ++dz)
            for (int dy = -1; dy <= 1; ++dy)
              for (int dx = -1; dx <= 1; ++dx) {
                const int n = std::abs(dz) + std::abs(dy) + std::abs(dx);
                if (n == 0 || n > limit) continue;
                const std::int64_t qz = p[0] + dz, qy = p[1] + dy, qx = p[2] + dx;
                if (!s.contains(qz, qy, qx) || !mask.at(qz, qy, qx) || labels[s.index(qz, qy, qx)]) continue;
                labels[s.index(qz, qy, qx)] = next;
                queue.push_back({qz, qy, qx});
              }
        }
      }
  return labels;
}

hs::Result<std::uint32_t> label_bricked_into(const hs::MaskGrid& mask, const hs::GridShape& brick, Connectivity c,
                                             hs::LabelGrid& out) {
  out = hs::make_grid<std::uint32_t>(mask.shape, 0);
  auto source = [&](const hs::BrickBox& box) -> hs::Result<hs::MaskGrid> {
    hs::MaskGrid part = hs::make_grid<std::uint8_t>(box.shape, 0);
    for (std::int64_t z = 0; z < box.shape.nz; ++z)
      for (std::int64_t y = 0; y < box.shape.ny; ++y)
        for (std::int64_t x = 0; x < box.shape.nx; ++x)
          part.at(z, y, x) = mask.at(box.origin[0] + z, box.origin[1] + y, box.origin[2] + x);
    return part;
  };
  auto sink = [&](const hs::BrickBox& box, const hs::LabelGrid& labels) -> hs::Status {
    for (std::int64_t z = 0; z < box.shape.nz; ++z)
      for (std::int64_t y = 0; y < box.shape.ny; ++y)
        for (std::int64_t x = 0; x < box.shape.nx; ++x)
          out.at(box.origin[0] + z, box.origin[1] + y, box.origin[2] + x) = labels.at(z, y, x);
    return {};
  };
  return hs::label_components_bricked(mask.shape, brick, c, source, sink);
}

}  // namespace

TEST_CASE("neighbour offsets have 6 18 and 26 members", "[labeling]") {
  CHECK(hs::neighbour_offsets(Connectivity::faces6).size() == 6);
  CHECK(hs::neighbour_offsets(Connectivity::edges18).size() == 18);
  CHECK(hs::neighbour_offsets(Connectivity::corners26).size() == 26);
}

TEST_CASE("labeling connectivity through faces edges and corners", "[labeling]") {
  const hs::MaskGrid edge = mask_with({2, 2, 2}, {{0, 0, 0}, {0, 1, 1}});
  CHECK(hs::label_components(edge, Connectivity::faces6).count == 2);
  CHECK(hs::label_components(edge, Connectivity::edges18).count == 1);
  const hs::MaskGrid corner = mask_with({2, 2, 2}, {{0, 0, 0}, {1, 1, 1}});
  CHECK(hs::label_components(corner, Connectivity::edges18).count == 2);
  const hs::Labels joined = hs::label_components(corner, Connectivity::corners26);
  CHECK(joined.count == 1);
  CHECK(joined.grid.at(1, 1, 1) == 1);
  CHECK(hs::label_components(hs::make_grid<std::uint8_t>({3, 3, 3}, 0), Connectivity::corners26).count == 0);
  CHECK(hs::label_components(hs::make_grid<std::uint8_t>({3, 3, 3}, 1), Connectivity::faces6).count == 1);
}

TEST_CASE("labeling numbers components by their first voxel in raster order", "[labeling]") {
  // An L whose vertical arm starts first is joined at its foot by a hook starting later (its
  // provisional label comes after the lone voxel (1, 1)): the lone voxel is number 2.
  const hs::MaskGrid mask = mask_with({1, 4, 5}, {{0, 0, 4}, {0, 1, 4}, {0, 2, 4}, {0, 1, 1}, {0, 2, 2},
                                                   {0, 3, 2}, {0, 3, 3}, {0, 3, 4}});
  const hs::Labels labels = hs::label_components(mask, Connectivity::faces6);
  CHECK(labels.count == 2);
  CHECK(labels.grid.at(0, 0, 4) == 1);
  CHECK(labels.grid.at(0, 3, 2) == 1);
  CHECK(labels.grid.at(0, 1, 1) == 2);
  CHECK(labels.grid.at(0, 2, 2) == 1);
  CHECK(hs::label_components(mask, Connectivity::edges18).count == 1);  // (1,1)-(2,2) edge-touch
}

TEST_CASE("labeling equals an independent flood fill on random masks", "[labeling]") {
  for (Connectivity c : {Connectivity::faces6, Connectivity::edges18, Connectivity::corners26}) {
    for (double density : {0.2, 0.3, 0.5, 0.7}) {
      const hs::MaskGrid mask = hs::test::random_mask({17, 23, 29}, density, static_cast<std::uint64_t>(density * 100) + static_cast<std::uint64_t>(c));
      const hs::Labels labels = hs::label_components(mask, c);
      const std::vector<std::uint32_t> expected = flood_fill_labels(mask, c);
      INFO("connectivity " << static_cast<int>(c) << " density " << density);
      CHECK(labels.grid.values == expected);
      CHECK(labels.count == *std::max_element(expected.begin(), expected.end()));
    }
  }
}

TEST_CASE("brick-wise labeling equals whole-array labeling", "[labeling]") {
  const std::vector<hs::GridShape> bricks{{1, 1, 1}, {4, 4, 4}, {5, 7, 3}, {16, 2, 32}, {30, 30, 30}};
  for (Connectivity c : {Connectivity::faces6, Connectivity::edges18, Connectivity::corners26}) {
    for (double density : {0.3, 0.5}) {
      const hs::MaskGrid mask = hs::test::random_mask({13, 17, 19}, density, 40 + static_cast<std::uint64_t>(c));
      const hs::Labels whole = hs::label_components(mask, c);
      for (const hs::GridShape& brick : bricks) {
        INFO("connectivity " << static_cast<int>(c) << " density " << density << " brick " << brick.nz << "x"
                             << brick.ny << "x" << brick.nx);
        hs::LabelGrid out;
        const hs::Result<std::uint32_t> count = label_bricked_into(mask, brick, c, out);
        REQUIRE(count.ok());
        CHECK(*count == whole.count);
        CHECK(out.values == whole.grid.values);
      }
    }
  }
}

TEST_CASE("brick-wise labeling joins a diagonal line across brick corners", "[labeling]") {
  // A line along the space diagonal crosses brick corners only: joined under 26-connectivity.
  hs::MaskGrid mask = hs::make_grid<std::uint8_t>({12, 12, 12}, 0);
  for (int i = 0; i < 12; ++i) mask.at(i, i, i) = 1;
  hs::LabelGrid out;
  hs::Result<std::uint32_t> count = label_bricked_into(mask, {4, 4, 4}, Connectivity::corners26, out);
  REQUIRE(count.ok());
  CHECK(*count == 1);
  count = label_bricked_into(mask, {4, 4, 4}, Connectivity::edges18, out);
  REQUIRE(count.ok());
  CHECK(*count == 12);
  CHECK(out.at(11, 11, 11) == 12);
}

TEST_CASE("brick-wise labeling reports bad bricks and source and sink errors", "[labeling]") {
  const hs::GridShape volume{4, 4, 4};
  auto good = [](const hs::BrickBox& box) -> hs::Result<hs::MaskGrid> { return hs::make_grid<std::uint8_t>(box.shape, 1); };
  auto keep = [](const hs::BrickBox&, const hs::LabelGrid&) -> hs::Status { return {}; };
  CHECK(hs::label_components_bricked(volume, {0, 2, 2}, Connectivity::faces6, good, keep).error().code ==
        hs::ErrorCode::invalid_argument);
  auto wrong = [](const hs::BrickBox&) -> hs::Result<hs::MaskGrid> { return hs::make_grid<std::uint8_t>({1, 1, 1}, 1); };
  CHECK(hs::label_components_bricked(volume, {2, 2, 2}, Connectivity::faces6, wrong, keep).error().code ==
        hs::ErrorCode::invalid_argument);
  auto failing = [](const hs::BrickBox&) -> hs::Result<hs::MaskGrid> {
    return hs::make_error(hs::ErrorCode::io, "mask.zarr: chunk 0/0/0: read failed");
  };
  const auto failed = hs::label_components_bricked(volume, {2, 2, 2}, Connectivity::faces6, failing, keep);
  REQUIRE(!failed.ok());
  CHECK(failed.error().message == "mask.zarr: chunk 0/0/0: read failed");
  auto refuse = [](const hs::BrickBox&, const hs::LabelGrid&) -> hs::Status {
    return hs::make_error(hs::ErrorCode::io, "labels.zarr: disk full");
  };
  CHECK(hs::label_components_bricked(volume, {2, 2, 2}, Connectivity::faces6, good, refuse).error().code ==
        hs::ErrorCode::io);
  const auto one = hs::label_components_bricked(volume, {3, 3, 3}, Connectivity::faces6, good, keep);
  REQUIRE(one.ok());
  CHECK(*one == 1);
}

TEST_CASE("labeling reports progress and honours cancellation", "[labeling]") {
  const hs::MaskGrid mask = hs::test::random_mask({20, 30, 10}, 0.4, 3);
  std::vector<double> fractions;
  hs::AnalysisControl control;
  control.progress = [&](double f) { fractions.push_back(f); };
  REQUIRE(hs::label_components(mask, Connectivity::corners26, &control).ok());
  CHECK(fractions.size() <= 101);
  CHECK(std::is_sorted(fractions.begin(), fractions.end()));
  CHECK(fractions.back() == 1.0);
  std::atomic<bool> cancel{true};
  control.cancel = &cancel;
  const auto cancelled = hs::label_components(mask, Connectivity::corners26, &control);
  REQUIRE(!cancelled.ok());
  CHECK(cancelled.error().message == "label: cancelled");
}

TEST_CASE("brick-wise labeling equals whole-array labeling on random shapes and bricks", "[labeling]") {
  hs::test::Lcg random(2024);
  auto pick = [&](int lo, int hi) { return lo + static_cast<int>(random.next() % static_cast<std::uint64_t>(hi - lo + 1)); };
  const Connectivity all[] = {Connectivity::faces6, Connectivity::edges18, Connectivity::corners26};
  for (int round = 0; round < 200; ++round) {
    const hs::GridShape shape{pick(1, 9), pick(1, 9), pick(1, 9)};
    const hs::GridShape brick{pick(1, 6), pick(1, 6), pick(1, 6)};
    const Connectivity c = all[pick(0, 2)];
    const hs::MaskGrid mask = hs::test::random_mask(shape, random.uniform(), random.next());
    const hs::Labels whole = hs::label_components(mask, c);
    hs::LabelGrid out;
    const hs::Result<std::uint32_t> count = label_bricked_into(mask, brick, c, out);
    INFO("round " << round);
    REQUIRE(count.ok());
    CHECK(*count == whole.count);
    CHECK(out.values == whole.grid.values);
  }
}
