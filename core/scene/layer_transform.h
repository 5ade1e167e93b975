// Where a layer sits in the world frame: a uniform scale, then rotations about the layer's x, y
// and z axes (in that order), then a translation, all applied to the layer's own coordinates
// (nm). This is how an atom probe needle is placed inside a particle inside an electrode. Part of
// a layer's view state.
#pragma once

#include <string>

#include <Eigen/Core>

#include "json/json.h"
#include "scene/state_fields.h"

namespace hs {

inline constexpr double kMaxTranslationNm = 1e12;
inline constexpr double kMinLayerScale = 1e-6;
inline constexpr double kMaxLayerScale = 1e6;

struct LayerTransform {
  Eigen::Vector3d translation_nm = Eigen::Vector3d::Zero();
  Eigen::Vector3d rotation_deg = Eigen::Vector3d::Zero();  // about x, then y, then z
  double scale = 1.0;

  bool is_identity() const { return *this == LayerTransform{}; }
  friend bool operator==(const LayerTransform&, const LayerTransform&) = default;
};

// The linear part, world = linear * local + translation: Rz * Ry * Rx * scale.
Eigen::Matrix3d layer_linear(const LayerTransform& transform);
// A layer point (nm) in the world frame.
Eigen::Vector3d layer_to_world(const LayerTransform& transform, const Eigen::Vector3d& local_nm);
// The world-frame box around a layer's box [min, max] (its eight corners transformed).
void layer_world_box(const LayerTransform& transform, const Eigen::Vector3d& min_nm, const Eigen::Vector3d& max_nm,
                     Eigen::Vector3d& world_min_nm, Eigen::Vector3d& world_max_nm);

// Reads the "transform" object of a layer at `path`: "translation_nm" [x, y, z], "rotation_deg"
// [about x, about y, about z] within ±360, "scale" within [1e-6, 1e6]; each field all-or-nothing.
void read_layer_transform(const json::Value& value, const std::string& path, LayerTransform& transform,
                          StateReport& report);
// The fields that differ from the identity (empty for the identity).
json::Object layer_transform_to_json(const LayerTransform& transform);

}  // namespace hs
