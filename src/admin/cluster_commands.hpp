#pragma once
// `keel-api clusters …`, `images …` and `secrets rotate`: the operator's commands on clusters, their images
// and the sealed secrets. Each returns what to print or an Error whose detail is the one-line message.
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>

#include "auth/secret_box.hpp"
#include "core/result.hpp"
#include "db/pooler_mode.hpp"

namespace keel::admin {

struct ClusterOptions {
    std::string name;
    std::optional<std::string> url;
    std::optional<std::string> token_id;
    std::optional<std::string> ca_file;      // path of a PEM CA bundle
    std::optional<std::string> fingerprint;  // AA:BB:… (any case, colons optional)
    bool secret_stdin = false;               // the token secret is the first line of standard input
    std::optional<std::string> secret_file;  // or the first line of this file
    bool disabled = false;                   // add: registered but not offered
    bool enable = false;                     // update: offer it again (a cluster with no trust needs one given)
};

struct ImageOptions {
    std::string cluster;
    std::string os_image;
    std::int64_t template_vmid = 0;
    std::optional<std::string> storage;
};

class ClusterCommands {
public:
    // Connects to PostgreSQL and loads the key ring: kInvalidArgument for a bad key setting.
    static Result<ClusterCommands> open(const std::string& database_url, const auth::SecretKeySettings& keys,
                                        db::PoolerMode pooler = db::PoolerMode::kSession);
    ClusterCommands(ClusterCommands&&) noexcept;
    ~ClusterCommands();

    Result<std::string> add(const ClusterOptions& options, std::istream& standard_input);
    Result<std::string> update(const ClusterOptions& options, std::istream& standard_input);
    Result<std::string> disable(const std::string& name);
    Result<std::string> list();
    Result<std::string> set_image(const ImageOptions& options);
    Result<std::string> list_images(const std::optional<std::string>& cluster);
    // Re-seals every cluster secret, and the server credentials still under an older key, under the current key.
    Result<std::string> rotate_secrets();

private:
    struct Impl;
    explicit ClusterCommands(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace keel::admin
