import { proto } from '@whiskeysockets/baileys';
import { describe, expect, it } from 'vitest';
import { messageContent, PROTOCOL } from '../../src/whatsapp/message-content.js';

/**
 * WhatsApp messages as Guru's content. Each input goes through WAProto's own encoder and decoder
 * first, so it has the shapes Baileys hands over (Longs for sizes, defaults, nested wrappers).
 */
const wire = (message: proto.IMessage) => proto.Message.decode(proto.Message.encode(proto.Message.fromObject(message)).finish());
const ctx = { stanzaId: '3EB0QUOTED', participant: '5511977776666@s.whatsapp.net', quotedMessage: { conversation: 'qual o prazo?' } };

describe('WhatsApp message → content', () => {
  it('text, and a reply with the id of the message it quotes', () => {
    expect(messageContent(wire({ conversation: 'oi' }))).toEqual({ type: 'text', text: 'oi' });
    expect(messageContent(wire({ extendedTextMessage: { text: 'amanhã', contextInfo: ctx } }))).toEqual({
      type: 'text',
      text: 'amanhã',
      replyTo: '3EB0QUOTED',
    });
    expect(messageContent(wire({ extendedTextMessage: { text: 'veja https://acme.com', matchedText: 'https://acme.com' } }))).toEqual({
      type: 'text',
      text: 'veja https://acme.com',
    });
  });

  it('an image with its caption, type, size and dimensions — described, never downloaded', () => {
    const image = wire({
      imageMessage: {
        url: 'https://mmg.whatsapp.net/v/t62/x.enc',
        mimetype: 'image/jpeg',
        caption: 'Comprovante',
        fileLength: 48_213,
        height: 960,
        width: 1280,
        mediaKey: Buffer.alloc(32, 1),
        fileSha256: Buffer.alloc(32, 2),
        fileEncSha256: Buffer.alloc(32, 3),
        directPath: '/v/t62/x.enc',
        jpegThumbnail: Buffer.alloc(10),
      },
    });
    expect(typeof image.imageMessage!.fileLength).not.toBe('number'); // a Long, as Baileys gives it
    expect(messageContent(image)).toEqual({ type: 'image', mimetype: 'image/jpeg', size: 48_213, caption: 'Comprovante', width: 1280, height: 960 });
    expect(messageContent(wire({ imageMessage: { mimetype: 'image/jpeg', contextInfo: ctx } }))).toEqual({
      type: 'image',
      mimetype: 'image/jpeg',
      replyTo: '3EB0QUOTED',
    });
  });

  it('a voice note and an audio file', () => {
    expect(messageContent(wire({ audioMessage: { mimetype: 'audio/ogg; codecs=opus', seconds: 12, ptt: true, fileLength: 20_480 } }))).toEqual({
      type: 'audio',
      voice: true,
      mimetype: 'audio/ogg; codecs=opus',
      size: 20_480,
      duration: 12,
    });
    expect(messageContent(wire({ audioMessage: { mimetype: 'audio/mpeg', seconds: 185 } }))).toEqual({
      type: 'audio',
      voice: false,
      mimetype: 'audio/mpeg',
      duration: 185,
    });
  });

  it('a video, a GIF and a round video note', () => {
    expect(
      messageContent(wire({ videoMessage: { mimetype: 'video/mp4', seconds: 42, caption: 'unboxing', width: 720, height: 1280, fileLength: 3_000_000 } })),
    ).toEqual({
      type: 'video',
      mimetype: 'video/mp4',
      size: 3_000_000,
      caption: 'unboxing',
      duration: 42,
      width: 720,
      height: 1280,
    });
    expect(messageContent(wire({ videoMessage: { mimetype: 'video/mp4', seconds: 3, gifPlayback: true } }))).toMatchObject({ type: 'video', gif: true });
    expect(messageContent(wire({ ptvMessage: { mimetype: 'video/mp4', seconds: 9 } }))).toEqual({ type: 'video', mimetype: 'video/mp4', duration: 9 });
  });

  it('a document, also inside the "document with caption" wrapper', () => {
    const doc = { mimetype: 'application/pdf', fileName: 'boleto.pdf', title: 'boleto', pageCount: 2, fileLength: 1_258_291 };
    expect(messageContent(wire({ documentMessage: doc }))).toEqual({
      type: 'document',
      mimetype: 'application/pdf',
      size: 1_258_291,
      fileName: 'boleto.pdf',
      pages: 2,
    });
    expect(messageContent(wire({ documentWithCaptionMessage: { message: { documentMessage: { ...doc, caption: 'segue o boleto' } } } }))).toMatchObject({
      type: 'document',
      fileName: 'boleto.pdf',
      caption: 'segue o boleto',
    });
  });

  it('a sticker', () => {
    expect(messageContent(wire({ stickerMessage: { mimetype: 'image/webp', isAnimated: true, width: 512, height: 512, fileLength: 30_000 } }))).toEqual({
      type: 'sticker',
      mimetype: 'image/webp',
      size: 30_000,
      animated: true,
      width: 512,
      height: 512,
    });
  });

  it('a place, and a live location', () => {
    expect(
      messageContent(wire({ locationMessage: { degreesLatitude: -23.5613, degreesLongitude: -46.6565, name: 'MASP', address: 'Av. Paulista, 1578' } })),
    ).toEqual({
      type: 'location',
      latitude: -23.5613,
      longitude: -46.6565,
      name: 'MASP',
      address: 'Av. Paulista, 1578',
    });
    expect(messageContent(wire({ liveLocationMessage: { degreesLatitude: 1.5, degreesLongitude: 2.5, sequenceNumber: 3 } }))).toEqual({
      type: 'location',
      latitude: 1.5,
      longitude: 2.5,
      live: true,
    });
  });

  it('contact cards: a name and the numbers, the WhatsApp account as +digits', () => {
    const vcard =
      'BEGIN:VCARD\nVERSION:3.0\nFN:João Lima\nTEL;type=CELL;type=VOICE;waid=5511988887777:+55 11 98888-7777\nitem1.TEL:+55 11 3333-4444\nEND:VCARD';
    expect(messageContent(wire({ contactMessage: { displayName: 'João', vcard } }))).toEqual({
      type: 'contact',
      contacts: [{ name: 'João', phones: ['+5511988887777', '+55 11 3333-4444'] }],
    });
    expect(messageContent(wire({ contactMessage: { vcard } }))).toMatchObject({ contacts: [{ name: 'João Lima' }] });
    expect(
      messageContent(
        wire({
          contactsArrayMessage: {
            displayName: '2 contacts',
            contacts: [
              { displayName: 'A', vcard },
              { displayName: 'B', vcard: '' },
            ],
          },
        }),
      ),
    ).toEqual({
      type: 'contact',
      contacts: [
        { name: 'A', phones: ['+5511988887777', '+55 11 3333-4444'] },
        { name: 'B', phones: [] },
      ],
    });
  });

  it('a reaction, and one taken back', () => {
    const key = { remoteJid: '5511977776666@s.whatsapp.net', fromMe: true, id: '3EB0TARGET' };
    expect(messageContent(wire({ reactionMessage: { key, text: '👍', senderTimestampMs: 1_764_000_000_000 } }))).toEqual({
      type: 'reaction',
      target: '3EB0TARGET',
      emoji: '👍',
    });
    expect(messageContent(wire({ reactionMessage: { key, text: '' } }))).toEqual({ type: 'reaction', target: '3EB0TARGET', emoji: '' });
  });

  it('an edit (bare, or in the editedMessage wrapper) and a deletion for everyone', () => {
    expect(PROTOCOL).toEqual({ REVOKE: proto.Message.ProtocolMessage.Type.REVOKE, MESSAGE_EDIT: proto.Message.ProtocolMessage.Type.MESSAGE_EDIT });
    const key = { remoteJid: '5511977776666@s.whatsapp.net', fromMe: false, id: 'ABCD1' };
    const edit = {
      key,
      type: proto.Message.ProtocolMessage.Type.MESSAGE_EDIT,
      editedMessage: { conversation: 'Qual o prazo de entrega?' },
      timestampMs: 1_764_000_000_000,
    };
    expect(messageContent(wire({ protocolMessage: edit }))).toEqual({ type: 'edit', target: 'ABCD1', text: 'Qual o prazo de entrega?' });
    expect(messageContent(wire({ editedMessage: { message: { protocolMessage: edit } } }))).toEqual({
      type: 'edit',
      target: 'ABCD1',
      text: 'Qual o prazo de entrega?',
    });
    const captionEdit = { ...edit, editedMessage: { imageMessage: { caption: 'nova legenda' } } };
    expect(messageContent(wire({ protocolMessage: captionEdit }))).toEqual({ type: 'edit', target: 'ABCD1', text: 'nova legenda' });
    expect(messageContent(wire({ protocolMessage: { key, type: proto.Message.ProtocolMessage.Type.REVOKE } }))).toEqual({ type: 'delete', target: 'ABCD1' });
  });

  it('disappearing and view-once messages are read inside their wrappers', () => {
    expect(messageContent(wire({ ephemeralMessage: { message: { extendedTextMessage: { text: 'some em 24h' } } } }))).toEqual({
      type: 'text',
      text: 'some em 24h',
    });
    expect(messageContent(wire({ viewOnceMessageV2: { message: { imageMessage: { mimetype: 'image/jpeg', caption: 'uma vez' } } } }))).toEqual({
      type: 'image',
      mimetype: 'image/jpeg',
      caption: 'uma vez',
    });
  });

  it('protocol noise and what Guru does not show are not messages', () => {
    expect(messageContent(undefined)).toBeNull();
    expect(messageContent(wire({}))).toBeNull();
    expect(
      messageContent(
        wire({ protocolMessage: { type: proto.Message.ProtocolMessage.Type.HISTORY_SYNC_NOTIFICATION, historySyncNotification: { chunkOrder: 1 } } }),
      ),
    ).toBeNull();
    expect(messageContent(wire({ protocolMessage: { type: proto.Message.ProtocolMessage.Type.EPHEMERAL_SETTING, ephemeralExpiration: 86_400 } }))).toBeNull();
    expect(messageContent(wire({ senderKeyDistributionMessage: { groupId: 'x@g.us' } }))).toBeNull();
    expect(messageContent(wire({ pollCreationMessage: { name: 'Qual dia?', options: [{ optionName: 'seg' }] } }))).toBeNull();
  });
});
