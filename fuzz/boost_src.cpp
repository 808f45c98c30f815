// Boost.JSON and Boost.URL compiled into the fuzz targets from source, so they are instrumented like our code.
#include <boost/json/src.hpp>
#include <boost/url/src.hpp>
