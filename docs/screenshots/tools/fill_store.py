# SPDX-License-Identifier: GPL-3.0-or-later
# Fills a Quince data directory's database (created by one start of the console, which is then
# stopped) with a plausible fleet for screenshots: usage fill_store.py <quince.sqlite3> [devices].
# One device, "Anna Keller's iPhone", has every inventory section and a command history.
import sqlite3, sys, random, plistlib, uuid, time
db = sqlite3.connect(sys.argv[1]); n = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
random.seed(7)
now = int(time.time() * 1000); day = 86400000
people = ["Anna", "Ben", "Chloé", "David", "Emma", "Farid", "Greta", "Hugo", "Ines", "Jonas", "Karin", "Luis", "Mia", "Noah", "Olga", "Paul", "Rosa", "Sven", "Tara", "Yusuf"]
kinds = [("iPhone", "iPhone 15", "iPhone15,4", "iOS", "17.5.1", "21F90"), ("iPhone", "iPhone 13", "iPhone14,5", "iOS", "17.4", "21E219"),
         ("iPad", "iPad Air", "iPad13,1", "iPadOS", "17.5.1", "21F90"), ("Mac", "MacBook Air", "Mac14,2", "macOS", "14.5", "23F79"),
         ("Mac", "MacBook Pro", "Mac15,3", "macOS", "14.4.1", "23E224"), ("iPad", "iPad (10th generation)", "iPad13,18", "iPadOS", "16.7.8", "20H343")]
c = db.cursor()
for i in range(n):
    who = random.choice(people); k = random.choice(kinds)
    name = {"iPhone": f"{who}'s iPhone", "iPad": f"{who}'s iPad" if i % 5 else f"Front Desk iPad {i // 5 % 40 + 1}", "Mac": f"{who}'s {k[1]}"}[k[0]]
    if i > 0: name = name.replace("'s ", f"'s ", 1) + ("" if i < 60 else f" ({i % 97 + 2})") if random.random() < 0.5 else name.replace(who, random.choice(["Sales", "Support", "Lab", "Warehouse", "Reception", "Finance"]) + f" {i}")
    udid = str(uuid.UUID(int=random.getrandbits(128))).upper()
    serial = "".join(random.choice("CDFGHJKLMNPQRTVWXY0123456789") for _ in range(10))
    seen = now - random.randint(0, 40 * day) if i % 13 else now - random.randint(31, 90) * day
    inactive = seen + 30 * day if now - seen > 30 * day else None
    state = "enrolled" if i % 41 else "pending"
    c.execute("INSERT INTO devices (udid, serial_number, device_name, model, product_name, os_version, build_version, platform, enrollment_state,"
              " last_seen_at, enrolled_at, created_at, updated_at, model_name, battery_level, is_supervised, inactive_since, device_capacity_gb, available_capacity_gb, facts_reported_at)"
              " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
              (udid, serial, name, k[2], k[2], k[4], k[5], k[3], state, seen, seen - 200 * day, seen - 200 * day, seen, k[1],
               None if k[0] == "Mac" and i % 2 else round(random.random(), 2), 1 if i % 3 else 0, inactive, 128.0, round(random.uniform(10, 100), 1), seen))
    dev = c.lastrowid
    c.execute("INSERT INTO enrollments (device_id, channel, status, topic, push_magic, token_updated_at, last_seen_at, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?)",
              (dev, "device", "active" if state == "enrolled" else "authenticated", "com.apple.mgmt.External.e0bd1eac", "MAGIC", seen - 100 * day, seen, seen, seen))
    enr = c.lastrowid
    for j in range(i % 4 if i % 6 == 0 else 0):
        cu = str(uuid.uuid4()).upper(); rt = ["DeviceInformation", "SecurityInfo", "InstalledApplicationList"][j % 3]
        body = plistlib.dumps({"Command": {"RequestType": rt}, "CommandUUID": cu})
        c.execute("INSERT INTO commands (command_uuid, request_type, payload, created_by, created_at) VALUES (?,?,?,?,?)", (cu, rt, body, "console:admin", now - j * 60000))
        c.execute("INSERT INTO command_queue (enrollment_id, command_id, state, queued_at, not_now_count) VALUES (?,?,?,?,?)", (enr, c.lastrowid, ["queued", "not_now", "sent"][j % 3], now - j * 60000, j))
    if i == 0:
        first = (dev, enr, udid, serial, name)
db.commit()

# One device with everything reported and a command history, for the detail screenshots.
dev, enr, udid, serial, name = first
c.execute("UPDATE devices SET device_name = 'Anna Keller''s iPhone', model_name='iPhone 15', product_name='iPhone15,4', model='iPhone15,4', os_version='17.5.1', build_version='21F90', platform='iOS', enrollment_state='enrolled', battery_level=0.82, is_supervised=1, inactive_since=NULL, last_seen_at=?, imei='35 209900 176148 1', wifi_mac='a4:83:e7:5a:11:c2', facts_reported_at=? WHERE id=?", (now - 120000, now - 3600000, dev))
c.execute("UPDATE enrollments SET status='active' WHERE id=?", (enr,))
facts = {"DeviceName": "Anna Keller's iPhone", "ModelName": "iPhone 15", "ProductName": "iPhone15,4", "OSVersion": "17.5.1", "BuildVersion": "21F90", "SerialNumber": serial, "UDID": udid,
         "IMEI": "35 209900 176148 1", "WiFiMAC": "a4:83:e7:5a:11:c2", "BluetoothMAC": "a4:83:e7:5a:11:c3", "BatteryLevel": 0.82, "DeviceCapacity": 128.0, "AvailableDeviceCapacity": 61.4,
         "IsSupervised": True, "IsActivationLockEnabled": False, "ModelNumber": "MTP03", "CarrierSettingsVersion": "57.0", "IsCloudBackupEnabled": True, "TimeZone": "Europe/Berlin"}
for key, value in facts.items():
    t = {bool: "boolean", float: "real", int: "integer"}.get(type(value), "string")
    v = ("true" if value else "false") if isinstance(value, bool) else str(value)
    c.execute("INSERT OR REPLACE INTO device_facts (device_id, name, value, value_type, reported_at) VALUES (?,?,?,?,?)", (dev, key, v, t, now - 3600000))
c.execute("INSERT OR REPLACE INTO device_information (device_id, query_responses, reported_at) VALUES (?,?,?)", (dev, plistlib.dumps(facts), now - 3600000))
sec = {"PasscodePresent": True, "PasscodeCompliant": False, "PasscodeCompliantWithProfiles": True, "HardwareEncryptionCaps": 3, "AutoLockTime": 60, "EnrolledViaDEP": True, "UserApprovedEnrollment": True}
c.execute("INSERT OR REPLACE INTO device_security (device_id, passcode_present, passcode_compliant, passcode_compliant_with_profiles, hardware_encryption_caps, auto_lock_time, enrolled_via_dep, user_approved_enrollment, is_user_enrollment, security_info, reported_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
          (dev, 1, 0, 1, 3, 60, 1, 1, 0, plistlib.dumps(sec), now - 3600000))
for ident, disp, org, types in [("com.example.mdm", "Quince MDM", "Example Office", "com.apple.mdm, com.apple.security.scep"), ("com.example.wifi", "Office Wi-Fi", "Example Office", "com.apple.wifi.managed"), ("com.example.passcode", "Passcode Policy", "Example Office", "com.apple.mobiledevice.passwordpolicy")]:
    c.execute("INSERT INTO device_profiles (enrollment_id, payload_identifier, payload_uuid, payload_version, display_name, organization, removal_disallowed, is_managed, payload_types, reported_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
              (enr, ident, str(uuid.uuid4()).upper(), 1, disp, org, 1 if ident.endswith("mdm") else 0, 1, types, now - 3600000))
for cn, ident, issuer, na in [("66ADE930 device identity", 1, "CN=Quince Device CA", now + 300 * day), ("Quince Root CA", 0, "CN=Quince Root CA", now + 3000 * day), ("Example Wi-Fi RADIUS", 0, "CN=Example Issuing CA", now + 20 * day)]:
    c.execute("INSERT INTO device_certificates (enrollment_id, common_name, is_identity, subject, issuer, serial_hex, sha256, not_before, not_after, reported_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
              (enr, cn, ident, "CN=" + cn, issuer, "%016x" % random.getrandbits(64), "%064x" % random.getrandbits(256), now - 100 * day, na, now - 3600000))
for ident, nm, ver in [("com.apple.Keynote", "Keynote", "14.1"), ("com.apple.Pages", "Pages", "14.1"), ("com.microsoft.Office.Outlook", "Microsoft Outlook", "4.2421.0"), ("com.tinyspeck.chatlyio", "Slack", "24.05.10"), ("com.example.expenses", "Expenses", "2.3"), ("org.mozilla.ios.Firefox", "Firefox", "126.0")]:
    c.execute("INSERT INTO device_applications (enrollment_id, identifier, name, version, short_version, source, bundle_size, has_update_available, reported_at) VALUES (?,?,?,?,?,?,?,?,?)",
              (enr, ident, nm, ver + ".1", ver, "AppStore", random.randint(20, 400) * 1000000, 1 if nm == "Slack" else 0, now - 3600000))
c.execute("DELETE FROM command_queue WHERE enrollment_id = ?", (enr,))
for j, (rt, params, resp) in enumerate([
        ("DeviceInformation", {"Queries": ["DeviceName", "OSVersion", "SerialNumber", "BatteryLevel", "IsSupervised"]}, {"QueryResponses": {k: facts[k] for k in ["DeviceName", "OSVersion", "SerialNumber", "BatteryLevel", "IsSupervised"]}}),
        ("SecurityInfo", {}, {"SecurityInfo": sec}),
        ("ProfileList", {}, {"ProfileList": [{"PayloadIdentifier": "com.example.wifi", "PayloadDisplayName": "Office Wi-Fi", "PayloadVersion": 1, "IsManaged": True}]}),
        ("InstalledApplicationList", {}, {"InstalledApplicationList": [{"Identifier": "com.apple.Keynote", "Name": "Keynote", "ShortVersion": "14.1"}]}),
        ("DeviceLock", {"Message": "This iPad belongs to Example Office", "PhoneNumber": "+49 30 1234567"}, None)]):
    cu = str(uuid.uuid4()).upper(); t = now - (5 - j) * 3600000
    cmd = {"RequestType": rt}; cmd.update(params)
    c.execute("INSERT INTO commands (command_uuid, request_type, payload, created_by, created_at) VALUES (?,?,?,?,?)", (cu, rt, plistlib.dumps({"Command": cmd, "CommandUUID": cu}), "console:admin", t))
    cid = c.lastrowid
    final = resp is not None
    c.execute("INSERT INTO command_queue (enrollment_id, command_id, state, attempts, queued_at, sent_at, completed_at, not_now_count) VALUES (?,?,?,?,?,?,?,?)",
              (enr, cid, "acknowledged" if final else "not_now", 1, t, t + 5000, t + 6000 if final else None, 0 if final else 2))
    if final:
        r = {"CommandUUID": cu, "Status": "Acknowledged", "UDID": udid}; r.update(resp)
        c.execute("INSERT INTO command_results (queue_id, status, response, received_at) VALUES (?,?,?,?)", (c.lastrowid, "Acknowledged", plistlib.dumps(r), t + 6000))
# A push certificate that expires soon, and one pending approval.
c.execute("INSERT INTO certificates (kind, status, subject, issuer, serial_hex, sha256, not_before, not_after, der, topic, created_at) VALUES ('push','active','CN=APSP:e0bd1eac','CN=Apple Application Integration 2 Certification Authority','7a01','%064x',?,?,x'00','com.apple.mgmt.External.e0bd1eac',?)" % random.getrandbits(256), (now - 340 * day, now + 25 * day, now - 340 * day))
cu = str(uuid.uuid4()).upper()
c.execute("INSERT INTO commands (command_uuid, request_type, payload, requires_approval, created_by, created_at) VALUES (?,?,?,1,?,?)", (cu, "EraseDevice", plistlib.dumps({"Command": {"RequestType": "EraseDevice"}, "CommandUUID": cu}), "console:ben", now - 600000))
c.execute("INSERT INTO command_queue (enrollment_id, command_id, state, queued_at) VALUES (?,?,?,?)", (enr + 1, c.lastrowid, "pending_approval", now - 600000))
db.commit()
print("devices:", c.execute("SELECT COUNT(*) FROM devices").fetchone()[0])
