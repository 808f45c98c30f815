#pragma once
// The seeder's only source of randomness. Our own generator rather than <random>'s distributions, whose
// output the standard leaves to each library: the same --seed must give the same database everywhere.
#include <cstdint>
#include <span>
#include <string_view>

namespace keel::testbed {

class Rng {
public:
    explicit Rng(std::uint64_t seed) : state_(seed) {}

    std::uint64_t next() {  // SplitMix64
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    // Uniform in [0, bound); the modulo bias is irrelevant for test data.
    std::uint64_t below(std::uint64_t bound) { return bound == 0 ? 0 : next() % bound; }
    std::int64_t between(std::int64_t low, std::int64_t high) {  // inclusive
        return low + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(high - low + 1)));
    }
    bool percent(unsigned chance) { return below(100) < chance; }

    template <class T>
    const T& pick(std::span<const T> items) {
        return items[below(items.size())];
    }

    // Picks an index by integer weights.
    std::size_t weighted(std::span<const unsigned> weights) {
        unsigned total = 0;
        for (const unsigned w : weights) {
            total += w;
        }
        auto roll = static_cast<unsigned>(below(total));
        for (std::size_t i = 0; i < weights.size(); ++i) {
            if (roll < weights[i]) {
                return i;
            }
            roll -= weights[i];
        }
        return weights.size() - 1;
    }

private:
    std::uint64_t state_;
};

}  // namespace keel::testbed
