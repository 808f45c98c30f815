#pragma once
// What customers may order: the datacenters (enabled clusters) and the os images each offers. Built from the
// clusters table; POST /servers checks a spec against it and GET /catalog shows it.
#include <string>
#include <string_view>
#include <vector>

#include "core/server_spec.hpp"

namespace keel {

struct CatalogDatacenter {
    std::string name;                    // the cluster's name, the `datacenter` slug
    std::vector<std::string> os_images;  // sorted
};

struct Catalog {
    std::vector<CatalogDatacenter> datacenters;  // sorted by name; only enabled clusters with at least one image

    const CatalogDatacenter* find(std::string_view datacenter) const;
};

// Empty when the spec's datacenter and os_image are on offer; otherwise a FieldError naming the choices
// ("unknown datacenter 'x'; available: ams1, fra1").
std::vector<FieldError> check_against_catalog(const ServerSpec& spec, const Catalog& catalog);

}  // namespace keel
