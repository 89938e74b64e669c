# SPDX-License-Identifier: GPL-3.0-or-later
# quince_add_test(<name> SOURCES <files...> LIBS <targets...> [LABELS <labels...>])
#
# One QtTest executable per class or area, registered with CTest under the same
# name. Tests run with the offscreen platform and know where the shared folder
# (../shared beside the checkout) and the test data live.

set(QUINCE_SHARED_DIR "${PROJECT_SOURCE_DIR}/../shared" CACHE PATH
    "The shared/ folder with fixtures and reference schemas (tests skip what needs it when absent)")
set(QUINCE_TEST_DATA_DIR "${PROJECT_SOURCE_DIR}/tests/data")

function(quince_add_test name)
    cmake_parse_arguments(ARG "" "TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
    add_executable(${name} ${ARG_SOURCES})
    target_link_libraries(${name} PRIVATE Qt6::Test quince_flags ${ARG_LIBS})
    target_compile_definitions(${name} PRIVATE
        QUINCE_TEST_DATA_DIR="${QUINCE_TEST_DATA_DIR}"
        QUINCE_SHARED_DIR="${QUINCE_SHARED_DIR}")
    add_test(NAME ${name} COMMAND ${name})
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT 120)
    endif()
    set_tests_properties(${name} PROPERTIES
        TIMEOUT ${ARG_TIMEOUT}
        LABELS "${ARG_LABELS}"
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen;QT_LOGGING_RULES=qt.qpa.*=false")
endfunction()
