// Every client-server endpoint this homeserver answers. Anything else gets
// 404 M_UNRECOGNIZED naming the path (405 when only the method is wrong).

import type { Handler } from '../http/context';
import { Router } from '../http/router';
import * as account from './account';
import * as auth from './auth';
import * as dehydrated from './dehydrated-device';
import * as keys from './keys';
import * as read from './room-read';
import * as rooms from './rooms';
import { sync } from './sync';
import { sendToDevice } from './to-device';

const C = '/_matrix/client/v3';
const MSC3814 = '/_matrix/client/unstable/org.matrix.msc3814.v1';

export function clientRoutes(): Router<Handler> {
  return (
    new Router<Handler>()
      .add('GET', '/_matrix/client/versions', account.versions)
      .add('GET', '/.well-known/matrix/client', account.wellKnown)
      // Accounts and devices
      .add('GET', `${C}/login`, auth.getLoginFlows)
      .add('POST', `${C}/login`, auth.login)
      .add('POST', `${C}/register`, auth.register)
      .add('GET', `${C}/register/available`, auth.registerAvailable)
      .add('GET', `${C}/account/whoami`, auth.whoami)
      .add('POST', `${C}/logout`, auth.logout)
      .add('POST', `${C}/logout/all`, auth.logoutAll)
      .add('GET', `${C}/devices`, auth.listDevices)
      .add('GET', `${C}/devices/:deviceId`, auth.getDevice)
      .add('PUT', `${C}/devices/:deviceId`, auth.updateDevice)
      .add('DELETE', `${C}/devices/:deviceId`, auth.deleteDevice)
      .add('POST', `${C}/delete_devices`, auth.deleteDevices)
      // Start-up odds and ends
      .add('GET', `${C}/capabilities`, account.capabilities)
      .add('GET', `${C}/pushrules/`, account.pushRules)
      .add('GET', `${C}/pushrules`, account.pushRules)
      .add('PUT', `${C}/presence/:userId/status`, account.setPresence)
      .add('GET', `${C}/presence/:userId/status`, account.getPresence)
      .add('GET', `${C}/profile/:userId`, account.getProfile)
      .add('GET', `${C}/profile/:userId/:field`, account.getProfile)
      .add('PUT', `${C}/profile/:userId/displayname`, account.setDisplayName)
      .add('POST', `${C}/user/:userId/filter`, account.createFilter)
      .add('GET', `${C}/user/:userId/filter/:filterId`, account.getFilter)
      .add('PUT', `${C}/user/:userId/account_data/:type`, account.putAccountData)
      .add('GET', `${C}/user/:userId/account_data/:type`, account.getAccountData)
      .add('PUT', `${C}/user/:userId/rooms/:roomId/account_data/:type`, account.putAccountData)
      .add('GET', `${C}/user/:userId/rooms/:roomId/account_data/:type`, account.getAccountData)
      .add('GET', `${C}/room_keys/version`, account.noKeyBackup)
      .add('GET', `${C}/voip/turnServer`, account.noTurnServer)
      .add('GET', `${C}/thirdparty/protocols`, account.noThirdPartyProtocols)
      .add('GET', `${C}/joined_rooms`, account.joinedRooms)
      // Sync
      .add('GET', `${C}/sync`, sync)
      // Keys
      .add('POST', `${C}/keys/upload`, keys.uploadKeys)
      .add('POST', `${C}/keys/query`, keys.queryKeysHandler)
      .add('POST', `${C}/keys/claim`, keys.claimKeys)
      .add('GET', `${C}/keys/changes`, keys.keyChanges)
      .add('POST', `${C}/keys/device_signing/upload`, keys.uploadCrossSigningKeys)
      .add('POST', `${C}/keys/signatures/upload`, keys.uploadSignatures)
      .add('PUT', `${C}/sendToDevice/:eventType/:txnId`, sendToDevice)
      .add('GET', `${MSC3814}/dehydrated_device`, dehydrated.getDehydratedDevice)
      .add('PUT', `${MSC3814}/dehydrated_device`, dehydrated.putDehydratedDevice)
      .add('DELETE', `${MSC3814}/dehydrated_device`, dehydrated.deleteDehydratedDevice)
      .add('POST', `${MSC3814}/dehydrated_device/:deviceId/events`, dehydrated.dehydratedDeviceEvents)
      // Rooms
      .add('POST', `${C}/createRoom`, rooms.createRoom)
      .add('POST', `${C}/rooms/:roomId/invite`, rooms.invite)
      .add('POST', `${C}/rooms/:roomId/join`, rooms.join)
      .add('POST', `${C}/join/:roomIdOrAlias`, rooms.join)
      .add('POST', `${C}/rooms/:roomId/leave`, rooms.leave)
      .add('POST', `${C}/rooms/:roomId/forget`, rooms.forget)
      .add('POST', `${C}/rooms/:roomId/kick`, rooms.kick)
      .add('PUT', `${C}/rooms/:roomId/send/:eventType/:txnId`, rooms.send)
      .add('PUT', `${C}/rooms/:roomId/state/:eventType`, rooms.putState)
      .add('PUT', `${C}/rooms/:roomId/state/:eventType/:stateKey?`, rooms.putState)
      .add('GET', `${C}/rooms/:roomId/state`, read.roomState)
      .add('GET', `${C}/rooms/:roomId/state/:eventType`, read.stateEvent)
      .add('GET', `${C}/rooms/:roomId/state/:eventType/:stateKey?`, read.stateEvent)
      .add('GET', `${C}/rooms/:roomId/members`, read.members)
      .add('GET', `${C}/rooms/:roomId/joined_members`, read.joinedMembers)
      .add('GET', `${C}/rooms/:roomId/messages`, read.messages)
      .add('GET', `${C}/rooms/:roomId/event/:eventId`, read.getEvent)
      .add('POST', `${C}/rooms/:roomId/receipt/:receiptType/:eventId`, rooms.receipt)
      .add('POST', `${C}/rooms/:roomId/read_markers`, rooms.readMarkers)
      .add('PUT', `${C}/rooms/:roomId/typing/:userId`, rooms.typing)
      .add('GET', `${C}/rooms/:roomId/aliases`, rooms.roomAliases)
      .add('GET', `${C}/directory/room/:alias`, rooms.getAlias)
      .add('PUT', `${C}/directory/room/:alias`, rooms.putAlias)
      .add('DELETE', `${C}/directory/room/:alias`, rooms.deleteAlias)
      .add('GET', `${C}/directory/list/room/:roomId`, rooms.getVisibility)
      .add('PUT', `${C}/directory/list/room/:roomId`, rooms.setVisibility)
      .add('GET', `${C}/publicRooms`, rooms.publicRooms)
      .add('POST', `${C}/publicRooms`, rooms.publicRooms)
  );
}
