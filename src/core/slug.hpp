#pragma once
#include <string_view>

namespace keel {

// Catalogue slugs such as "debian-12" or "fra1": 1-64 lower-case letters, digits, '.', '_' and '-'. Datacenter
// (cluster) names and os_image names are slugs: customers type them and URLs carry them unescaped.
bool is_valid_slug(std::string_view text);

}  // namespace keel
