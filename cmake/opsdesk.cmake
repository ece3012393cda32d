# Build helpers shared by every library, service and test: one place for flags and test wiring.
include(GoogleTest)

add_library(opsdesk_build_options INTERFACE)
# Includes are spelled from the repository root ("libs/core/clock.hpp"), so a path in an
# #include is also the path of the file: follow the folder names to find any behaviour.
target_include_directories(opsdesk_build_options INTERFACE ${PROJECT_SOURCE_DIR})
target_compile_options(opsdesk_build_options INTERFACE -Wall -Wextra -Wpedantic)
target_link_libraries(opsdesk_build_options INTERFACE Threads::Threads)
if(OPSDESK_WERROR)
  target_compile_options(opsdesk_build_options INTERFACE -Werror)
endif()
if(OPSDESK_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

# opsdesk_library(NAME SOURCES a.cpp b.cpp DEPS other_target ...)
function(opsdesk_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_link_libraries(${name} PUBLIC opsdesk_build_options ${ARG_DEPS})
endfunction()

# opsdesk_test(NAME SOURCES a_test.cpp DEPS lib ...): a GoogleTest binary whose tests ctest
# lists one by one, so `ctest -j` spreads them over the cores.
function(opsdesk_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE opsdesk_build_options ${ARG_DEPS} GTest::gmock GTest::gtest_main)
  gtest_discover_tests(${name} DISCOVERY_MODE PRE_TEST PROPERTIES TIMEOUT 240)
endfunction()
