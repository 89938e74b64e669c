// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/scep/ScepOids.h"

#include <openssl/err.h>
#include <openssl/objects.h>

namespace quince::scep {

namespace {

int nidFor(const char* oid, const char* name)
{
    // Look up by the dotted OID first: whoever registered it first (us or another component,
    // under whatever name) owns the NID, and OBJ_create refuses duplicates.
    int nid = OBJ_txt2nid(oid);
    if (nid == NID_undef)
        nid = OBJ_create(oid, name, name);
    if (nid == NID_undef) // another thread created it between the two calls
        nid = OBJ_txt2nid(oid);
    ERR_clear_error();
    return nid == NID_undef ? 0 : nid;
}

} // namespace

const ScepOids& ScepOids::get()
{
    // A function-local static is initialised once, thread-safely.
    static const ScepOids oids = [] {
        ScepOids result;
        result.messageType = nidFor("2.16.840.1.113733.1.9.2", "scep-messageType");
        result.pkiStatus = nidFor("2.16.840.1.113733.1.9.3", "scep-pkiStatus");
        result.failInfo = nidFor("2.16.840.1.113733.1.9.4", "scep-failInfo");
        result.senderNonce = nidFor("2.16.840.1.113733.1.9.5", "scep-senderNonce");
        result.recipientNonce = nidFor("2.16.840.1.113733.1.9.6", "scep-recipientNonce");
        result.transactionId = nidFor("2.16.840.1.113733.1.9.7", "scep-transactionID");
        return result;
    }();
    return oids;
}

bool ScepOids::valid() const
{
    return messageType && pkiStatus && failInfo && senderNonce && recipientNonce && transactionId;
}

} // namespace quince::scep
