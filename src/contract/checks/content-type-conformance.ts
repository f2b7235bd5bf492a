/**
 * content_type_conformance (Schemathesis's name): an answer has a body only where its
 * documented response has content, and then in one of the documented media types.
 */
import { isRecord } from '../../spec/json.js';
import { matchedMediaType, type ResponseCheckDefinition } from './answer.js';

export const contentTypeConformance: ResponseCheckDefinition = {
  prepare: () => (answer) => {
    const { exchange, where, status, response, mediaType } = answer;
    if (response === undefined) return [];
    const content = isRecord(response.node.content) ? response.node.content : undefined;
    if (content === undefined) {
      if (exchange.responseText.length === 0) return [];
      return [
        {
          message: `${where} answered ${status} with a body (${mediaType || 'no content type'}), but the spec documents none`,
          inferred: answer.responseInferred,
        },
      ];
    }
    if (matchedMediaType(answer) !== undefined) return [];
    return [
      {
        message: `${where} answered ${status} as ${mediaType || 'no content type'}; the spec documents ${Object.keys(content).join(', ')}`,
        inferred: answer.responseInferred,
      },
    ];
  },
};
