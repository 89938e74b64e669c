// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Internal to core/scep: the NIDs of the SCEP authenticated attributes.

namespace quince::scep {

/// The SCEP attribute OIDs (id-attributes, 2.16.840.1.113733.1.9.x) as OpenSSL NIDs. OpenSSL
/// does not know them, so they are registered once per process; a NID another component already
/// registered for the same OID is reused.
struct ScepOids {
    int messageType = 0; ///< .2 PrintableString
    int pkiStatus = 0; ///< .3 PrintableString
    int failInfo = 0; ///< .4 PrintableString
    int senderNonce = 0; ///< .5 OCTET STRING
    int recipientNonce = 0; ///< .6 OCTET STRING
    int transactionId = 0; ///< .7 PrintableString

    /// The NIDs (registered on first use; thread-safe). A NID is 0 if registration failed.
    static const ScepOids& get();
    bool valid() const;
};

} // namespace quince::scep
