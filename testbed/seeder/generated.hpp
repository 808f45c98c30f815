#pragma once
// The scalable part of the fixture: `client_count` random clients with users, contacts, orders, services,
// option rows and field values, drawn from `rng` so that --seed fixes every byte.
#include "core/result.hpp"

#include <cstdint>
#include <functional>

namespace keel::testbed {

class Rng;
class Tables;
struct ProxmoxWorld;

using Progress = std::function<void(std::int64_t clients_done)>;

// Every generated VPS that is Active or Suspended runs a VM (added to `world.vms`), linkable by its name.
Status write_generated(Tables& tables, Rng& rng, ProxmoxWorld& world, std::int64_t client_count,
                       const Progress& progress);

}  // namespace keel::testbed
