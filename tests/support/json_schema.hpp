#pragma once
// The subset of JSON Schema (2020-12) that docs/openapi.json uses, checked with Boost.JSON: $ref (local),
// type (one or a list), enum, properties, required, additionalProperties, items, minimum, maximum. A keyword
// outside the subset is reported as an error rather than ignored, so the document cannot promise what this
// check does not verify. Annotations (description, writeOnly, …) are ignored.
#include <string>
#include <vector>

#include <boost/json/value.hpp>

namespace keel::testing {

// Every way `instance` breaks `schema`, as "pointer: problem" lines; empty when it conforms. `root` resolves
// "#/…" references (the whole OpenAPI document).
std::vector<std::string> schema_errors(const boost::json::value& root, const boost::json::value& schema,
                                       const boost::json::value& instance);

// The value at a JSON pointer ("#/components/schemas/Server" or "/paths/~1login"); null when absent.
const boost::json::value* json_pointer(const boost::json::value& root, std::string pointer);

}  // namespace keel::testing
