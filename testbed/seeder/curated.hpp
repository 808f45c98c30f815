#pragma once
// The hand-written part of the fixture: the named services the manifest describes, the demo users, and one
// row for every quirk the migrator must survive. testbed/README.md lists each of them.
#include "core/result.hpp"

namespace keel::testbed {

class Rng;
class Tables;
struct ProxmoxWorld;

// Encrypts service and password-field secrets with `world.secrets` and adds the named services' VMs to
// `world.vms`.
Status write_curated(Tables& tables, Rng& rng, ProxmoxWorld& world);

}  // namespace keel::testbed
