#include <climits>  // doctest 2.4.9 uses INT_MAX without including it
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
