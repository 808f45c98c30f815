#include "core/catalog.hpp"

namespace keel {

namespace {

std::string joined(const std::vector<std::string>& names) {
    std::string text;
    for (const auto& name : names) {
        text += text.empty() ? name : ", " + name;
    }
    return text.empty() ? "none" : text;
}

}  // namespace

const CatalogDatacenter* Catalog::find(std::string_view datacenter) const {
    for (const auto& candidate : datacenters) {
        if (candidate.name == datacenter) {
            return &candidate;
        }
    }
    return nullptr;
}

std::vector<FieldError> check_against_catalog(const ServerSpec& spec, const Catalog& catalog) {
    const auto* datacenter = catalog.find(spec.datacenter);
    if (datacenter == nullptr) {
        std::vector<std::string> names;
        for (const auto& candidate : catalog.datacenters) {
            names.push_back(candidate.name);
        }
        return {{"datacenter", "unknown datacenter '" + spec.datacenter + "'; available: " + joined(names)}};
    }
    for (const auto& image : datacenter->os_images) {
        if (image == spec.os_image) {
            return {};
        }
    }
    return {{"os_image", "unknown os_image '" + spec.os_image + "' in " + datacenter->name +
                             "; available: " + joined(datacenter->os_images)}};
}

}  // namespace keel
