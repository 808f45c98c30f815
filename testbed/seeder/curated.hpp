#pragma once
// The hand-written part of the fixture: the named services the manifest describes, the demo users, and one
// row for every quirk the migrator must survive. testbed/README.md lists each of them.
#include "core/result.hpp"

namespace keel::testbed {

class Rng;
class Tables;

Status write_curated(Tables& tables, Rng& rng);

}  // namespace keel::testbed
