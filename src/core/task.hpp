#pragma once
// The one coroutine type of Keel's async code; a light header so non-HTTP components avoid Beast.
#include <boost/asio/awaitable.hpp>

namespace keel {

template <class T>
using Task = boost::asio::awaitable<T>;

}  // namespace keel
