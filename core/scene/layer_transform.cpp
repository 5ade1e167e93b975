// Layer placement in the world frame: matrices and the view-state fields.
#include "scene/layer_transform.h"

#include <cmath>
#include <numbers>

#include <Eigen/Geometry>

namespace hs {
namespace {

using namespace state_fields;

json::Array vector_json(const Eigen::Vector3d& v) { return json::Array{v.x(), v.y(), v.z()}; }

}  // namespace

Eigen::Matrix3d layer_linear(const LayerTransform& transform) {
  const Eigen::Vector3d radians = transform.rotation_deg * (std::numbers::pi / 180.0);
  const Eigen::Matrix3d rotation = (Eigen::AngleAxisd(radians.z(), Eigen::Vector3d::UnitZ()) *
                                    Eigen::AngleAxisd(radians.y(), Eigen::Vector3d::UnitY()) *
                                    Eigen::AngleAxisd(radians.x(), Eigen::Vector3d::UnitX()))
                                       .toRotationMatrix();
  return rotation * transform.scale;
}

Eigen::Vector3d layer_to_world(const LayerTransform& transform, const Eigen::Vector3d& local_nm) {
  return layer_linear(transform) * local_nm + transform.translation_nm;
}

void layer_world_box(const LayerTransform& transform, const Eigen::Vector3d& min_nm, const Eigen::Vector3d& max_nm,
                     Eigen::Vector3d& world_min_nm, Eigen::Vector3d& world_max_nm) {
  world_min_nm.setConstant(INFINITY);
  world_max_nm.setConstant(-INFINITY);
  for (int corner = 0; corner < 8; ++corner) {
    const Eigen::Vector3d local((corner & 1) ? max_nm.x() : min_nm.x(), (corner & 2) ? max_nm.y() : min_nm.y(),
                                (corner & 4) ? max_nm.z() : min_nm.z());
    const Eigen::Vector3d world = layer_to_world(transform, local);
    world_min_nm = world_min_nm.cwiseMin(world);
    world_max_nm = world_max_nm.cwiseMax(world);
  }
}

void read_layer_transform(const json::Value& value, const std::string& path, LayerTransform& transform,
                          StateReport& report) {
  read_section(value, path, report, [&](std::string_view key, const json::Value& member, const std::string& here) {
    if (key == "translation_nm") {
      read_vector3(member, here, kMaxTranslationNm, transform.translation_nm, report);
    } else if (key == "rotation_deg") {
      read_vector3(member, here, 360.0, transform.rotation_deg, report);
    } else if (key == "scale") {
      read_number_in(member, here, kMinLayerScale, kMaxLayerScale, transform.scale, report);
    } else {
      return false;
    }
    return true;
  });
}

json::Object layer_transform_to_json(const LayerTransform& transform) {
  const LayerTransform identity;
  json::Object out;
  if (transform.translation_nm != identity.translation_nm) out.emplace_back("translation_nm", vector_json(transform.translation_nm));
  if (transform.rotation_deg != identity.rotation_deg) out.emplace_back("rotation_deg", vector_json(transform.rotation_deg));
  if (transform.scale != identity.scale) {
    const double scale = transform.scale;  // a named copy: GCC 12 misreads the temporary as uninitialized
    out.emplace_back("scale", scale);
  }
  return out;
}

}  // namespace hs
