# SPDX-License-Identifier: GPL-3.0-or-later
# One INTERFACE target carries the flags every Quince target is built with.

add_library(quince_flags INTERFACE)
add_library(Quince::Flags ALIAS quince_flags)

target_compile_options(quince_flags INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wold-style-cast -Wnon-virtual-dtor
    -Woverloaded-virtual -Wcast-qual -Wformat=2
    -Werror)

target_compile_definitions(quince_flags INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_URL_CAST_FROM_STRING
    QT_NO_CAST_FROM_BYTEARRAY
    QT_NO_KEYWORDS
    QT_USE_QSTRINGBUILDER
    QT_STRICT_ITERATORS
    QUINCE_VERSION="${PROJECT_VERSION}")

if(QUINCE_SANITIZERS)
    target_compile_options(quince_flags INTERFACE
        -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    target_link_options(quince_flags INTERFACE -fsanitize=address,undefined)
endif()
