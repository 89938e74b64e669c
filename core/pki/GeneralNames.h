// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Internal to core/pki: subjectAltName encoding and decoding shared by the certificate builder
// and the certificate request.

#include "core/pki/OpenSsl.h"

#include <QStringList>

namespace quince::pki::ossl {

/// The dNSName entries of names, in order.
QStringList dnsNamesOf(const GENERAL_NAMES* names);
/// The iPAddress entries of names in QHostAddress text form, in order.
QStringList ipAddressesOf(const GENERAL_NAMES* names);

/// A GENERAL_NAMES with one dNSName per DNS name and one iPAddress per address. Built
/// structurally, never through OpenSSL's configuration strings, so a name holding "," or ":"
/// cannot smuggle in a second entry. InvalidArgument for an address QHostAddress cannot read.
PkiResult<GeneralNamesPtr> makeGeneralNames(const QStringList& dnsNames, const QStringList& ipAddresses);

/// Whether text is a syntactically acceptable DNS name for a certificate (letters, digits,
/// hyphens, dots; a leading "*." wildcard label; no empty label; at most 253 characters).
bool isValidDnsName(const QString& text);

} // namespace quince::pki::ossl
