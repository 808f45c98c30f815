// ha-load: the load driver of `./dev ha test` (deploy/ha/ha.sh). Not a unit of Keel: a measuring tool.
//
// Keeps a steady load of `POST /servers` (each with an Idempotency-Key, retried with the same key after a 503,
// as a well-behaved client does) and lifecycle actions (`reboot` of servers already active) against every API
// given, runs one fault command (a switchover, a kill -9 of the leader, a PgBouncer restart) while it does, and
// afterwards checks on the database (directly on the leader) and the mock hypervisor's state file:
//   - unavailability: from the first 503 to the first success after the last 503; disruption: the same counting
//     answers over 1 s as failures too (a leader crash mostly shows as requests waiting in PgBouncer);
//   - requests answered 503, other 5xx (must be 0), requests with no answer within the timeout (must be 0);
//   - every server answered 202 still exists (0 missing), none created twice (servers with this run's
//     hostnames beyond the acknowledged ones);
//   - every acknowledged job (the servers' provisioning, the actions' operations) exists and ended (none lost),
//     one provisioning job per server (none duplicated);
//   - one VM per active server in the mock hypervisor, with the VMID the database holds.
// Prints the figures and exits 1 when a target is missed.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <unistd.h>

#include <libpq-fe.h>

#include <boost/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
using Seconds = std::chrono::duration<double>;

struct Options {
    std::string scenario = "manual";
    std::string fault;              // shell command run once the load is steady
    std::vector<std::string> apis;  // http://host:port
    std::string database_url;       // directly on the leader (not through PgBouncer)
    std::string mock_state_file;
    std::string email = "admin@keel.local";
    std::string password;
    int clients = 8;
    double rate = 12;  // requests per second, all clients together
    double warmup_s = 5;
    double recovered_s = 10;  // load keeps running this long after the last 503
    double max_s = 180;
    double settle_s = 180;
    double timeout_s = 15;  // a request unanswered this long counts as no answer (a hang)
    double unavailable_target_s = 10;
};

// ---------------------------------------------------------------- HTTP (one connection per request)

struct Endpoint {
    std::string host;
    int port = 0;
};

Endpoint parse_endpoint(const std::string& url) {
    std::string rest = url;
    if (rest.starts_with("http://")) {
        rest = rest.substr(7);
    }
    const auto colon = rest.rfind(':');
    if (colon == std::string::npos) {
        throw std::runtime_error("an API URL needs host:port: " + url);
    }
    return Endpoint{rest.substr(0, colon), std::stoi(rest.substr(colon + 1))};
}

struct Reply {
    int status = 0;  // 0: no answer (refused, reset, timed out)
    std::string body;
    std::string error;
};

Reply http(const Endpoint& to, const std::string& method, const std::string& target, const std::string& body,
           const std::vector<std::string>& headers, double timeout_s) {
    Reply reply;
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        reply.error = std::strerror(errno);
        return reply;
    }
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } const closer{fd};
    timeval tv{};
    tv.tv_sec = static_cast<time_t>(timeout_s);
    tv.tv_usec = static_cast<suseconds_t>((timeout_s - static_cast<double>(tv.tv_sec)) * 1e6);
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);  // connect() too, on Linux
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(to.port));
    ::inet_pton(AF_INET, to.host.c_str(), &address.sin_addr);
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
        reply.error = std::string("connect: ") + std::strerror(errno);
        return reply;
    }
    std::string request = method + " " + target + " HTTP/1.1\r\nHost: " + to.host + "\r\nConnection: close\r\n";
    for (const auto& header : headers) {
        request += header + "\r\n";
    }
    request += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    for (std::size_t sent = 0; sent < request.size();) {
        const auto n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) {
            reply.error = std::string("send: ") + std::strerror(errno);
            return reply;
        }
        sent += static_cast<std::size_t>(n);
    }
    std::string answer;
    char buffer[8192];
    for (;;) {
        const auto n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n == 0) {
            break;
        }
        if (n < 0) {
            reply.error = errno == EAGAIN ? "timed out" : std::string("recv: ") + std::strerror(errno);
            return reply;
        }
        answer.append(buffer, static_cast<std::size_t>(n));
    }
    const auto header_end = answer.find("\r\n\r\n");
    if (!answer.starts_with("HTTP/1.1 ") || header_end == std::string::npos) {
        reply.error = "no HTTP answer";
        return reply;
    }
    reply.status = std::atoi(answer.c_str() + 9);
    reply.body = answer.substr(header_end + 4);
    if (answer.find("\r\nTransfer-Encoding: chunked", 0) < header_end ||
        answer.find("\r\ntransfer-encoding: chunked", 0) < header_end) {
        std::string decoded;  // Keel answers with Content-Length; decode anyway rather than misread
        std::size_t at = 0;
        while (at < reply.body.size()) {
            const auto line_end = reply.body.find("\r\n", at);
            if (line_end == std::string::npos)
                break;
            const auto size = std::stoul(reply.body.substr(at, line_end - at), nullptr, 16);
            if (size == 0)
                break;
            decoded += reply.body.substr(line_end + 2, size);
            at = line_end + 2 + size + 2;
        }
        reply.body = std::move(decoded);
    }
    return reply;
}

std::optional<std::string> json_string(const std::string& body, const char* key) {
    boost::system::error_code ec;
    const auto value = boost::json::parse(body, ec);
    if (ec || !value.is_object()) {
        return std::nullopt;
    }
    const auto* field = value.as_object().if_contains(key);
    if (field == nullptr) {
        return std::nullopt;
    }
    if (field->is_string()) {
        return std::string(field->as_string());
    }
    if (field->is_int64()) {
        return std::to_string(field->as_int64());
    }
    return std::nullopt;
}

// ---------------------------------------------------------------- the load

enum class Kind { create, action, login };

struct Sample {
    double at = 0;       // seconds since the start (the answer's arrival)
    double latency = 0;  // seconds the request took
    int status = 0;
    Kind kind = Kind::create;
};

struct Shared {
    std::mutex mutex;
    std::vector<Sample> samples;
    std::vector<std::string> other_5xx;                        // first few bodies
    std::vector<std::string> no_answer;                        // first few errors
    std::vector<std::pair<std::string, std::string>> servers;  // acknowledged: id, hostname
    std::vector<std::string> operations;                       // acknowledged actions: job id
    std::atomic<bool> stop{false};
};

struct Run {
    Options options;
    std::vector<Endpoint> apis;
    std::vector<std::string> tokens;  // per API
    std::string prefix;               // this run's hostnames start with it
    Clock::time_point start = Clock::now();
    Shared shared;

    double now() const { return Seconds(Clock::now() - start).count(); }

    void record(Kind kind, const Reply& reply, Clock::time_point sent) {
        const double latency = Seconds(Clock::now() - sent).count();
        std::lock_guard lock(shared.mutex);
        shared.samples.push_back(Sample{now(), latency, reply.status, kind});
        if (reply.status >= 500 && reply.status != 503 && shared.other_5xx.size() < 5) {
            shared.other_5xx.push_back(std::to_string(reply.status) + " " + reply.body.substr(0, 300));
        }
        if (reply.status == 0 && shared.no_answer.size() < 5) {
            shared.no_answer.push_back(reply.error);
        }
    }
};

std::string login(Run& run, std::size_t api) {
    const std::string body =
        boost::json::serialize(boost::json::object{{"email", run.options.email}, {"password", run.options.password}});
    for (int attempt = 0; attempt < 120; ++attempt) {
        const auto reply =
            http(run.apis[api], "POST", "/login", body, {"Content-Type: application/json"}, run.options.timeout_s);
        if (reply.status == 200) {
            if (auto token = json_string(reply.body, "access_token")) {
                return *token;
            }
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
    throw std::runtime_error("could not log in on the API " + std::to_string(api));
}

void client(Run& run, int index) {
    const auto api = static_cast<std::size_t>(index) % run.apis.size();
    const auto& endpoint = run.apis[api];
    const std::vector<std::string> auth{"Authorization: Bearer " + run.tokens[api], "Content-Type: application/json"};
    std::mt19937_64 random(static_cast<std::uint64_t>(index) * 7919 + 17);
    std::vector<std::string> mine;  // servers this client made (candidates for actions)
    const auto period = std::chrono::duration_cast<Clock::duration>(Seconds(run.options.clients / run.options.rate));
    auto next = Clock::now() + period * index / run.options.clients;
    for (std::uint64_t sequence = 0; !run.shared.stop.load(); ++sequence) {
        std::this_thread::sleep_until(next);  // a steady rate, not as fast as the API answers
        next += period;
        const bool act = !mine.empty() && sequence % 3 == 2;
        if (act) {
            const auto& id = mine[random() % mine.size()];
            const auto sent = Clock::now();
            const auto reply = http(endpoint, "POST", "/servers/" + id + "/actions", R"({"type":"reboot"})", auth,
                                    run.options.timeout_s);
            run.record(Kind::action, reply, sent);
            if (reply.status == 202) {
                if (auto operation = json_string(reply.body, "id")) {
                    std::lock_guard lock(run.shared.mutex);
                    run.shared.operations.push_back(*operation);
                }
            } else if (reply.status == 503) {
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
            }
            continue;
        }
        const std::string hostname =
            run.prefix + std::to_string(index) + "-" + std::to_string(sequence) + ".example.com";
        const std::string body = boost::json::serialize(boost::json::object{{"hostname", hostname},
                                                                            {"cpu_cores", 1},
                                                                            {"ram_mb", 1024},
                                                                            {"disk_gb", 10},
                                                                            {"os_image", "debian-12"},
                                                                            {"datacenter", "fra1"}});
        auto headers = auth;
        headers.push_back("Idempotency-Key: " + hostname);
        // A 503 (or no answer) is retried with the same key, as a client should: it creates nothing twice.
        while (!run.shared.stop.load()) {
            const auto sent = Clock::now();
            const auto reply = http(endpoint, "POST", "/servers", body, headers, run.options.timeout_s);
            run.record(Kind::create, reply, sent);
            if (reply.status == 202) {
                if (auto id = json_string(reply.body, "id")) {
                    std::lock_guard lock(run.shared.mutex);
                    run.shared.servers.emplace_back(*id, hostname);
                    mine.push_back(*id);
                }
                break;
            }
            if (reply.status != 503 && reply.status != 0) {
                break;  // anything else is counted, not retried
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    }
}

// ---------------------------------------------------------------- checks on the database

struct Pg {
    PGconn* conn = nullptr;
    ~Pg() {
        if (conn != nullptr)
            PQfinish(conn);
    }
};

std::vector<std::vector<std::string>> query(PGconn* conn, const std::string& sql,
                                            const std::vector<std::string>& params = {}) {
    std::vector<const char*> values;
    for (const auto& p : params)
        values.push_back(p.c_str());
    const std::unique_ptr<PGresult, void (*)(PGresult*)> result(
        PQexecParams(conn, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr, nullptr, 0),
        PQclear);
    const auto status = PQresultStatus(result.get());
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
        throw std::runtime_error(std::string("query failed: ") + PQerrorMessage(conn));
    }
    std::vector<std::vector<std::string>> rows;
    for (int r = 0; r < PQntuples(result.get()); ++r) {
        std::vector<std::string> row;
        for (int c = 0; c < PQnfields(result.get()); ++c)
            row.emplace_back(PQgetvalue(result.get(), r, c));
        rows.push_back(std::move(row));
    }
    return rows;
}

std::string pg_array(const std::vector<std::string>& items) {
    std::string text = "{";
    for (std::size_t i = 0; i < items.size(); ++i)
        text += (i ? "," : "") + items[i];
    return text + "}";
}

long long count_of(PGconn* conn, const std::string& sql, const std::vector<std::string>& params) {
    return std::stoll(query(conn, sql, params).at(0).at(0));
}

// ---------------------------------------------------------------- main

Options parse(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        if (i + 1 >= argc)
            throw std::runtime_error("missing value for " + flag);
        const std::string value = argv[++i];
        if (flag == "--scenario")
            options.scenario = value;
        else if (flag == "--fault")
            options.fault = value;
        else if (flag == "--api") {
            std::istringstream in(value);
            for (std::string url; in >> url;)
                options.apis.push_back(url);
        } else if (flag == "--database-url")
            options.database_url = value;
        else if (flag == "--mock-state-file")
            options.mock_state_file = value;
        else if (flag == "--email")
            options.email = value;
        else if (flag == "--password")
            options.password = value;
        else if (flag == "--clients")
            options.clients = std::stoi(value);
        else if (flag == "--rate")
            options.rate = std::stod(value);
        else if (flag == "--warmup")
            options.warmup_s = std::stod(value);
        else if (flag == "--recovered")
            options.recovered_s = std::stod(value);
        else if (flag == "--max")
            options.max_s = std::stod(value);
        else if (flag == "--settle")
            options.settle_s = std::stod(value);
        else if (flag == "--target")
            options.unavailable_target_s = std::stod(value);
        else
            throw std::runtime_error("unknown flag " + flag);
    }
    if (options.apis.empty() || options.database_url.empty() || options.mock_state_file.empty()) {
        throw std::runtime_error(
            "usage: ha-load --api 'URL…' --database-url URL --mock-state-file FILE "
            "[--scenario NAME] [--fault CMD] [--password P] [--target SECONDS]");
    }
    return options;
}

int run_main(int argc, char** argv) {
    Run run;
    run.options = parse(argc, argv);
    const auto& options = run.options;
    for (const auto& url : options.apis)
        run.apis.push_back(parse_endpoint(url));
    for (std::size_t i = 0; i < run.apis.size(); ++i)
        run.tokens.push_back(login(run, i));
    run.prefix = "ha-" + options.scenario + "-" + std::to_string(::getpid()) + "-" +
                 std::to_string(std::chrono::system_clock::now().time_since_epoch().count() % 1000000) + "-";

    std::printf("scenario %s: %d clients on %zu APIs, fault: %s\n", options.scenario.c_str(), options.clients,
                run.apis.size(), options.fault.empty() ? "(none)" : options.fault.c_str());
    std::fflush(stdout);
    run.start = Clock::now();
    std::vector<std::thread> clients;
    for (int i = 0; i < options.clients; ++i)
        clients.emplace_back([&run, i] { client(run, i); });

    std::this_thread::sleep_for(Seconds(options.warmup_s));
    const double fault_at = run.now();
    int fault_status = 0;
    double fault_done_at = fault_at;
    std::atomic<bool> fault_done{options.fault.empty()};
    std::thread fault([&] {
        if (!options.fault.empty()) {
            fault_status = std::system(options.fault.c_str());
            fault_done_at = run.now();
            fault_done = true;
        }
    });
    // Run until the fault is over and nothing answered 503 for `recovered_s` (or max_s).
    for (;;) {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        const double now = run.now();
        double last_bad = fault_at;
        {
            std::lock_guard lock(run.shared.mutex);
            for (const auto& sample : run.shared.samples) {
                if (sample.status == 503 || sample.status == 0 || sample.status >= 500) {
                    last_bad = std::max(last_bad, sample.at);
                }
            }
        }
        if ((fault_done && now - std::max(last_bad, fault_done_at) >= options.recovered_s) ||
            now - fault_at >= options.max_s) {
            break;
        }
    }
    run.shared.stop = true;
    for (auto& thread : clients)
        thread.join();
    fault.join();
    const double load_end = run.now();

    // Unavailability: the first 503 (at or after the fault) to the first success after the last 503.
    std::optional<double> first_bad, last_bad;
    long long ok = 0, answered_503 = 0, other_5xx = 0, no_answer = 0, other = 0, total = 0;
    std::map<int, long long> answered_4xx;
    double slowest = 0;
    long long over_1s = 0;
    for (const auto& sample : run.shared.samples) {
        ++total;
        slowest = std::max(slowest, sample.latency);
        over_1s += sample.latency > 1.0 ? 1 : 0;
        if (sample.status >= 400 && sample.status < 500)
            ++answered_4xx[sample.status];
        if (sample.status >= 200 && sample.status < 300)
            ++ok;
        else if (sample.status == 503)
            ++answered_503;
        else if (sample.status >= 500)
            ++other_5xx;
        else if (sample.status == 0)
            ++no_answer;
        else
            ++other;
        if (sample.status == 503 || sample.status == 0) {
            if (!first_bad || sample.at < *first_bad)
                first_bad = sample.at;
            if (!last_bad || sample.at > *last_bad)
                last_bad = sample.at;
        }
    }
    // Disruption: counts waiting too (a leader crash mostly shows as requests held in PgBouncer, not as 503s):
    // from the sending of the first request not served promptly (503, no answer, or over 1 s) to the first prompt
    // success after the last such answer.
    std::optional<double> disrupted_from, disrupted_last, disrupted_until;
    for (const auto& sample : run.shared.samples) {
        if (sample.status == 503 || sample.status == 0 || sample.latency > 1.0) {
            const double sent = sample.at - sample.latency;
            if (!disrupted_from || sent < *disrupted_from)
                disrupted_from = sent;
            if (!disrupted_last || sample.at > *disrupted_last)
                disrupted_last = sample.at;
        }
    }
    if (disrupted_last) {
        for (const auto& sample : run.shared.samples) {
            if (sample.status >= 200 && sample.status < 300 && sample.latency <= 1.0 && sample.at > *disrupted_last &&
                (!disrupted_until || sample.at < *disrupted_until)) {
                disrupted_until = sample.at;
            }
        }
    }
    const double disruption = disrupted_from ? (disrupted_until ? *disrupted_until : load_end) - *disrupted_from : 0.0;
    std::optional<double> recovered;
    if (last_bad) {
        for (const auto& sample : run.shared.samples) {
            if (sample.status >= 200 && sample.status < 300 && sample.at > *last_bad &&
                (!recovered || sample.at < *recovered)) {
                recovered = sample.at;
            }
        }
    }
    const double unavailable = first_bad ? (recovered ? *recovered : load_end) - *first_bad : 0.0;

    // Settle: every acknowledged job ends; then the checks, directly on the (new) leader.
    Pg pg;
    for (int attempt = 0; attempt < 120; ++attempt) {
        pg.conn = PQconnectdb(options.database_url.c_str());
        if (PQstatus(pg.conn) == CONNECTION_OK)
            break;
        PQfinish(pg.conn);
        pg.conn = nullptr;
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
    if (pg.conn == nullptr)
        throw std::runtime_error("cannot reach the database to check");
    std::vector<std::string> ids, hostnames;
    for (const auto& [id, hostname] : run.shared.servers) {
        ids.push_back(id);
        hostnames.push_back(hostname);
    }
    const auto id_array = pg_array(ids);
    const auto operation_array = pg_array(run.shared.operations);
    const auto settle_start = Clock::now();
    long long unsettled = 0;
    for (;;) {
        unsettled = count_of(pg.conn,
                             "SELECT count(*) FROM jobs WHERE state IN ('queued', 'running') AND "
                             "(server_id = ANY($1::uuid[]) OR id = ANY($2::bigint[]))",
                             {id_array, operation_array});
        if (unsettled == 0 || Seconds(Clock::now() - settle_start).count() > options.settle_s)
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
    const double settle_s = Seconds(Clock::now() - settle_start).count();
    const auto missing = count_of(pg.conn,
                                  "SELECT count(*) FROM unnest($1::uuid[]) AS a(id) "
                                  "WHERE NOT EXISTS (SELECT 1 FROM servers s WHERE s.id = a.id)",
                                  {id_array});
    // The same Idempotency-Key (hostname) twice would be a server created twice; a server with no 202 is one
    // whose answer was lost (a 5xx, a cut connection) and whose retry was not made.
    const auto created_twice = count_of(pg.conn,
                                        "SELECT count(*) FROM (SELECT hostname FROM servers WHERE hostname LIKE "
                                        "$1 || '%' GROUP BY hostname HAVING count(*) > 1) d",
                                        {run.prefix});
    const auto unacknowledged = count_of(pg.conn,
                                         "SELECT count(*) FROM servers WHERE hostname LIKE $1 || '%' "
                                         "AND NOT id = ANY($2::uuid[])",
                                         {run.prefix, id_array});
    const std::set<std::string> distinct_ids(ids.begin(), ids.end());
    const auto provision_lost = count_of(pg.conn,
                                         "SELECT count(*) FROM unnest($1::uuid[]) AS a(id) WHERE NOT EXISTS "
                                         "(SELECT 1 FROM jobs j WHERE j.server_id = a.id AND j.kind = 'provision')",
                                         {id_array});
    const auto provision_duplicated = count_of(pg.conn,
                                               "SELECT count(*) FROM (SELECT server_id FROM jobs WHERE server_id = "
                                               "ANY($1::uuid[]) AND kind = 'provision' GROUP BY server_id "
                                               "HAVING count(*) > 1) d",
                                               {id_array});
    const auto operations_lost = count_of(pg.conn,
                                          "SELECT count(*) FROM unnest($1::bigint[]) AS a(id) "
                                          "WHERE NOT EXISTS (SELECT 1 FROM jobs j WHERE j.id = a.id)",
                                          {operation_array});
    const auto dead = count_of(pg.conn,
                               "SELECT count(*) FROM jobs WHERE state = 'dead' AND "
                               "(server_id = ANY($1::uuid[]) OR id = ANY($2::bigint[]))",
                               {id_array, operation_array});
    const auto jobs_total = count_of(pg.conn,
                                     "SELECT count(*) FROM jobs WHERE server_id = ANY($1::uuid[]) "
                                     "OR id = ANY($2::bigint[])",
                                     {id_array, operation_array});
    // Each server's status and VMID, against the mock hypervisor's VMs (by name: the hostname).
    std::map<std::string, std::pair<std::string, std::string>> by_hostname;  // hostname → status, vmid
    for (const auto& row :
         query(pg.conn, "SELECT hostname, status, coalesce(vmid::text, '') FROM servers WHERE hostname LIKE $1 || '%'",
               {run.prefix})) {
        by_hostname[row[0]] = {row[1], row[2]};
    }
    std::map<std::string, std::vector<std::string>> vms;  // name → VMIDs
    {
        std::ifstream in(options.mock_state_file);
        std::string line;
        while (std::getline(in, line)) {
            std::istringstream fields(line);
            std::string type, vmid, running, is_template, cores, memory, disk, lock, node, name;
            fields >> type >> vmid >> running >> is_template >> cores >> memory >> disk >> lock >> node >> std::ws;
            std::getline(fields, name);
            if (type == "vm" && name.starts_with(run.prefix))
                vms[name].push_back(vmid);
        }
    }
    long long active = 0, not_active = 0, vm_mismatch = 0, vm_count = 0;
    for (const auto& [name, list] : vms)
        vm_count += static_cast<long long>(list.size());
    for (const auto& [hostname, state] : by_hostname) {
        const auto& [status, vmid] = state;
        const auto found = vms.find(hostname);
        const std::size_t count = found == vms.end() ? 0 : found->second.size();
        if (status == "active") {
            ++active;
            if (count != 1 || found->second.front() != vmid)
                ++vm_mismatch;
        } else {
            ++not_active;
            if (count > 1)
                ++vm_mismatch;
        }
    }
    for (const auto& [name, list] : vms) {
        if (!by_hostname.contains(name))
            vm_mismatch += static_cast<long long>(list.size());  // a VM of no server
    }

    const long long lost = provision_lost + operations_lost + unsettled;
    const long long duplicated = provision_duplicated + created_twice;
    const bool pass = !distinct_ids.empty() && other_5xx == 0 && no_answer == 0 && missing == 0 && lost == 0 &&
                      duplicated == 0 && vm_mismatch == 0 && disruption <= options.unavailable_target_s;

    std::printf("scenario %s\n", options.scenario.c_str());
    std::printf("  fault                      %s (exit %d, took %.1f s, at +%.1f s)\n", options.fault.c_str(),
                WIFEXITED(fault_status) ? WEXITSTATUS(fault_status) : -1, fault_done_at - fault_at, fault_at);
    std::printf(
        "  requests                   %lld in %.1f s: 2xx %lld, 503 %lld, other 5xx %lld, no answer %lld, "
        "other 4xx %lld\n",
        total, load_end, ok, answered_503, other_5xx, no_answer, other);
    std::printf("  slowest answer             %.2f s (%lld answers took over 1 s: waits in PgBouncer or the pool)\n",
                slowest, over_1s);
    if (!answered_4xx.empty()) {
        std::string text;
        for (const auto& [status, count] : answered_4xx) {
            text += (text.empty() ? "" : ", ") + std::to_string(status) + " " + std::to_string(count);
        }
        std::printf("  4xx by status              %s (409: an action while another runs or before active)\n",
                    text.c_str());
    }
    if (first_bad) {
        std::printf(
            "  unavailability             %.2f s (first 503 at +%.2f s, first success after the last at "
            "+%.2f s)\n",
            unavailable, *first_bad - fault_at, (recovered ? *recovered : load_end) - fault_at);
    } else {
        std::printf("  unavailability             0 s (no 503 at all)\n");
    }
    if (disrupted_from) {
        std::printf(
            "  disruption                 %.2f s (503s or answers over 1 s: from a request sent at +%.2f s to a "
            "prompt success at +%.2f s; target <= %.0f s)\n",
            disruption, *disrupted_from - fault_at, (disrupted_until ? *disrupted_until : load_end) - fault_at,
            options.unavailable_target_s);
    } else {
        std::printf("  disruption                 0 s (every answer prompt; target <= %.0f s)\n",
                    options.unavailable_target_s);
    }
    std::printf(
        "  servers acknowledged (202) %zu, missing afterwards %lld, created twice %lld, created but "
        "never acknowledged %lld\n",
        distinct_ids.size(), missing, created_twice, unacknowledged);
    std::printf("  actions acknowledged (202) %zu\n", run.shared.operations.size());
    std::printf(
        "  jobs                       %lld acknowledged: lost %lld (missing %lld, unfinished after %.0f s "
        "%lld), duplicated %lld, dead %lld\n",
        jobs_total, lost, provision_lost + operations_lost, settle_s, unsettled, duplicated, dead);
    std::printf("  one VM per server          %s (%lld active servers, %lld others, %lld VMs, %lld mismatches)\n",
                vm_mismatch == 0 ? "yes" : "NO", active, not_active, vm_count, vm_mismatch);
    for (const auto& body : run.shared.other_5xx)
        std::printf("  other 5xx: %s\n", body.c_str());
    for (const auto& error : run.shared.no_answer)
        std::printf("  no answer: %s\n", error.c_str());
    std::printf("  verdict                    %s\n", pass ? "PASS" : "FAIL");
    std::fflush(stdout);
    return pass ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return run_main(argc, argv);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "ha-load: %s\n", error.what());
        return 2;
    }
}
