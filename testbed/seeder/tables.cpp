#include "testbed/seeder/tables.hpp"

#include "whmcs/bulk_insert.hpp"
#include "whmcs/mariadb_connection.hpp"

namespace keel::testbed {
namespace {

using whmcs::BulkInsert;

void optional_text(BulkInsert& insert, const OptionalText& value) {
    if (value) {
        insert.text(*value);
    } else {
        insert.null();
    }
}

std::int64_t take_id(std::int64_t wanted, std::int64_t& next) {
    if (wanted != 0) {
        return wanted;
    }
    return next++;
}

template <class T>
Result<T> with_status(Status status, T value) {
    if (!status) {
        return std::unexpected(status.error());
    }
    return value;
}

}  // namespace

struct Tables::Batches {
    explicit Batches(whmcs::MariadbConnection& c)
        : clients(c, "tblclients", {"id",       "uuid",      "firstname",  "lastname",    "companyname", "email",
                                    "address1", "city",      "state",      "postcode",    "country",     "phonenumber",
                                    "password", "currency",  "credit",     "datecreated", "status",      "notes",
                                    "language", "lastlogin", "created_at", "updated_at"}),
          users(c, "tblusers",
                {"id", "first_name", "last_name", "email", "password", "language", "last_login", "email_verified_at",
                 "created_at", "updated_at"}),
          user_clients(c, "tblusers_clients",
                       {"auth_user_id", "client_id", "invite_id", "owner", "permissions", "created_at", "updated_at"}),
          contacts(c, "tblcontacts",
                   {"userid", "firstname", "lastname", "email", "subaccount", "password", "permissions"}),
          orders(c, "tblorders",
                 {"id", "ordernum", "userid", "date", "amount", "paymentmethod", "status", "ipaddress"}),
          services(c, "tblhosting",
                   {"id",           "userid",      "orderid",         "packageid",          "server",
                    "regdate",      "domain",      "paymentmethod",   "firstpaymentamount", "amount",
                    "billingcycle", "nextduedate", "nextinvoicedate", "termination_date",   "domainstatus",
                    "username",     "password",    "notes",           "suspendreason",      "dedicatedip",
                    "assignedips",  "created_at",  "updated_at"}),
          service_options(c, "tblhostingconfigoptions", {"relid", "configid", "optionid", "qty"}),
          custom_values(c, "tblcustomfieldsvalues", {"fieldid", "relid", "value"}),
          service_addons(c, "tblhostingaddons",
                         {"orderid", "hostingid", "addonid", "userid", "name", "setupfee", "recurring", "billingcycle",
                          "status", "regdate", "nextduedate", "nextinvoicedate", "paymentmethod"}),
          pvewhmcs_vms(c, "mod_pvewhmcs_vms",
                       {"id", "vmid", "user_id", "vtype", "ipaddress", "subnetmask", "gateway", "created"}) {}

    BulkInsert clients, users, user_clients, contacts, orders, services, service_options, custom_values, service_addons,
        pvewhmcs_vms;
};

Tables::Tables(whmcs::MariadbConnection& connection, FirstGeneratedIds first)
    : batches_(std::make_unique<Batches>(connection)), next_(first) {}

Tables::~Tables() = default;

Result<std::int64_t> Tables::add(const ClientRow& row) {
    const std::int64_t id = take_id(row.id, next_.client);
    auto& b = batches_->clients;
    b.integer(id).text(row.uuid).text(row.firstname).text(row.lastname).text(row.companyname).text(row.email);
    b.text(row.address1).text(row.city).text(row.state).text(row.postcode).text(row.country).text(row.phonenumber);
    b.text(row.password).integer(row.currency).text(row.credit).text(row.datecreated).text(row.status);
    b.text(row.notes).text(row.language);
    optional_text(b, row.lastlogin);
    b.text(row.created_at).text(row.updated_at);
    return with_status(b.end_row(), id);
}

Result<std::int64_t> Tables::add(const UserRow& row) {
    const std::int64_t id = take_id(row.id, next_.user);
    auto& b = batches_->users;
    b.integer(id).text(row.first_name).text(row.last_name).text(row.email).text(row.password).text(row.language);
    optional_text(b, row.last_login);
    optional_text(b, row.email_verified_at);
    optional_text(b, row.created_at);
    optional_text(b, row.updated_at);
    return with_status(b.end_row(), id);
}

Status Tables::add(const UserClientRow& row) {
    auto& b = batches_->user_clients;
    b.integer(row.auth_user_id).integer(row.client_id).integer(row.invite_id).integer(row.owner ? 1 : 0);
    optional_text(b, row.permissions);
    optional_text(b, row.created_at);
    optional_text(b, row.created_at);
    return b.end_row();
}

Status Tables::add(const ContactRow& row) {
    auto& b = batches_->contacts;
    b.integer(row.userid).text(row.firstname).text(row.lastname).text(row.email).integer(row.subaccount ? 1 : 0);
    b.text(row.password).text(row.permissions);
    return b.end_row();
}

Result<std::int64_t> Tables::add(const OrderRow& row) {
    const std::int64_t id = take_id(row.id, next_.order);
    auto& b = batches_->orders;
    b.integer(id).integer(row.ordernum).integer(row.userid).text(row.date).text(row.amount);
    b.text(row.paymentmethod).text(row.status).text(row.ipaddress);
    return with_status(b.end_row(), id);
}

Result<std::int64_t> Tables::add(const ServiceRow& row) {
    const std::int64_t id = take_id(row.id, next_.service);
    auto& b = batches_->services;
    b.integer(id).integer(row.userid).integer(row.orderid).integer(row.packageid).integer(row.server);
    b.text(row.regdate).text(row.domain).text(row.paymentmethod).text(row.firstpaymentamount).text(row.amount);
    b.text(row.billingcycle);
    optional_text(b, row.nextduedate);
    b.text(row.nextinvoicedate).text(row.termination_date).text(row.domainstatus).text(row.username);
    b.text(row.password).text(row.notes).text(row.suspendreason).text(row.dedicatedip).text(row.assignedips);
    b.text(row.created_at).text(row.updated_at);
    return with_status(b.end_row(), id);
}

Status Tables::add(const ServiceOptionRow& row) {
    auto& b = batches_->service_options;
    b.integer(row.relid).integer(row.configid).integer(row.optionid).integer(row.qty);
    return b.end_row();
}

Status Tables::add(const CustomValueRow& row) {
    auto& b = batches_->custom_values;
    b.integer(row.fieldid).integer(row.relid).text(row.value);
    return b.end_row();
}

Status Tables::add(const ServiceAddonRow& row) {
    auto& b = batches_->service_addons;
    b.integer(row.orderid).integer(row.hostingid).integer(row.addonid).integer(row.userid).text(row.name);
    b.text(row.setupfee).text(row.recurring).text(row.billingcycle).text(row.status).text(row.regdate);
    optional_text(b, row.nextduedate);
    b.text(row.nextduedate.value_or("0000-00-00")).text(row.paymentmethod);
    return b.end_row();
}

Status Tables::add(const PvewhmcsVmRow& row) {
    auto& b = batches_->pvewhmcs_vms;
    b.integer(row.id).integer(row.vmid).integer(row.user_id).text("qemu").text(row.ipaddress).text(row.subnetmask);
    b.text(row.gateway).text(row.created);
    return b.end_row();
}

Status Tables::flush() {
    for (BulkInsert* batch : {&batches_->clients, &batches_->users, &batches_->user_clients, &batches_->contacts,
                              &batches_->orders, &batches_->services, &batches_->service_options,
                              &batches_->custom_values, &batches_->service_addons, &batches_->pvewhmcs_vms}) {
        if (auto flushed = batch->flush(); !flushed) {
            return flushed;
        }
    }
    return {};
}

std::uint64_t Tables::rows_sent() const {
    const Batches& b = *batches_;
    return b.clients.rows_sent() + b.users.rows_sent() + b.user_clients.rows_sent() + b.contacts.rows_sent() +
           b.orders.rows_sent() + b.services.rows_sent() + b.service_options.rows_sent() + b.custom_values.rows_sent() +
           b.service_addons.rows_sent() + b.pvewhmcs_vms.rows_sent();
}

}  // namespace keel::testbed
