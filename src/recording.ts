/**
 * Recordings in and out with the shipped APIs' imports (issue 18, decision 022): what Node's
 * `createMocks`, `ticketmock serve` and the devtools panel hand the engine. Kept out of
 * `startMocks()`'s page bundle unless the panel is mounted (issue 14's budget).
 */
import { journalKit, type RecordingKit } from './core/recording-kit.js';
import { importAdminserverRecording } from './handlers/adminserver/import.js';
import { importAuviousRecording } from './handlers/auvious/import.js';
import { importOctopusRecording } from './handlers/octopus/import.js';

/** The kit: HAR out, detail, HAR in, and each shipped API's import by name. */
export function recordingKit(): RecordingKit {
  return {
    ...journalKit,
    importers: {
      octopus: importOctopusRecording,
      auvious: importAuviousRecording,
      adminserver: importAdminserverRecording,
    },
  };
}
