#include "migrate/trust_options.hpp"

#include <fstream>
#include <iterator>
#include <utility>

#include "core/cluster_fields.hpp"

namespace keel::migrate {

namespace {

Result<std::pair<std::string, std::string>> split_argument(const char* flag, const std::string& argument) {
    const auto equals = argument.find('=');
    if (equals == std::string::npos || equals == 0 || equals + 1 == argument.size()) {
        return fail(ErrorCode::kInvalidArgument, std::string(flag) + " wants NAME=VALUE, not '" + argument + "'");
    }
    return std::pair{argument.substr(0, equals), argument.substr(equals + 1)};
}

Status add(ClusterTrustOptions& options, const std::string& name, provisioning::TlsTrust trust) {
    if (!options.emplace(name, std::move(trust)).second) {
        return fail(ErrorCode::kInvalidArgument, "cluster " + name + " is given a TLS trust twice");
    }
    return {};
}

}  // namespace

Result<ClusterTrustOptions> cluster_trust_options(const std::vector<std::string>& ca_files,
                                                  const std::vector<std::string>& fingerprints) {
    ClusterTrustOptions options;
    for (const auto& argument : ca_files) {
        auto pair = split_argument("--cluster-ca", argument);
        if (!pair) {
            return std::unexpected(pair.error());
        }
        std::ifstream file(pair->second);
        if (!file) {
            return fail(ErrorCode::kInvalidArgument, "--cluster-ca: cannot read " + pair->second);
        }
        const std::string text{std::istreambuf_iterator<char>(file), {}};
        auto pem = check_ca_pem(text);
        if (!pem) {
            return fail(ErrorCode::kInvalidArgument, "--cluster-ca " + pair->first + ": " + pem.error());
        }
        if (auto added = add(options, pair->first, provisioning::CaBundlePem{*pem}); !added) {
            return std::unexpected(added.error());
        }
    }
    for (const auto& argument : fingerprints) {
        auto pair = split_argument("--cluster-fingerprint", argument);
        if (!pair) {
            return std::unexpected(pair.error());
        }
        auto fingerprint = check_fingerprint(pair->second);
        if (!fingerprint) {
            return fail(ErrorCode::kInvalidArgument,
                        "--cluster-fingerprint " + pair->first + ": " + fingerprint.error());
        }
        if (auto added = add(options, pair->first, provisioning::PinnedFingerprint{*fingerprint}); !added) {
            return std::unexpected(added.error());
        }
    }
    return options;
}

}  // namespace keel::migrate
