package interop;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Collections;
import java.util.Set;
import javax.xml.namespace.QName;
import javax.xml.soap.SOAPElement;
import javax.xml.soap.SOAPEnvelope;
import javax.xml.soap.SOAPException;
import javax.xml.soap.SOAPHeader;
import javax.xml.ws.handler.MessageContext;
import javax.xml.ws.handler.soap.SOAPHandler;
import javax.xml.ws.handler.soap.SOAPMessageContext;

/**
 * A WS-Security UsernameToken on every outgoing message, as a Java MIS vendor adds it to a
 * wsimport client without a WS-Security stack: a SOAPHandler on the port's handler chain.
 * PasswordText, or PasswordDigest = base64(sha1(nonce + created + password)).
 */
public final class WsSecurityHandler implements SOAPHandler<SOAPMessageContext> {
  static final String WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
  static final String WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
  static final String TOKEN_PROFILE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String username;
  private final String password;
  private final boolean digest;

  public WsSecurityHandler(String username, String password, boolean digest) {
    this.username = username;
    this.password = password;
    this.digest = digest;
  }

  @Override
  public boolean handleMessage(SOAPMessageContext context) {
    if (!(Boolean) context.get(MessageContext.MESSAGE_OUTBOUND_PROPERTY)) return true;
    try {
      SOAPEnvelope envelope = context.getMessage().getSOAPPart().getEnvelope();
      SOAPHeader header = envelope.getHeader() != null ? envelope.getHeader() : envelope.addHeader();
      SOAPElement security = header.addChildElement("Security", "wsse", WSSE);
      security.addAttribute(new QName(envelope.getNamespaceURI(), "mustUnderstand", envelope.getPrefix()), "1");
      SOAPElement token = security.addChildElement("UsernameToken", "wsse");
      token.addChildElement("Username", "wsse").addTextNode(username);
      SOAPElement passwordElement = token.addChildElement("Password", "wsse");
      if (digest) {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        String created = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        sha1.update(nonce);
        sha1.update(created.getBytes(StandardCharsets.UTF_8));
        sha1.update(password.getBytes(StandardCharsets.UTF_8));
        passwordElement.setAttribute("Type", TOKEN_PROFILE + "#PasswordDigest");
        passwordElement.addTextNode(Base64.getEncoder().encodeToString(sha1.digest()));
        SOAPElement nonceElement = token.addChildElement("Nonce", "wsse");
        nonceElement.setAttribute("EncodingType", "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary");
        nonceElement.addTextNode(Base64.getEncoder().encodeToString(nonce));
        token.addChildElement("Created", "wsu", WSU).addTextNode(created);
      } else {
        passwordElement.setAttribute("Type", TOKEN_PROFILE + "#PasswordText");
        passwordElement.addTextNode(password);
      }
      context.getMessage().saveChanges();
    } catch (SOAPException | java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("could not add the WS-Security header", e);
    }
    return true;
  }

  @Override
  public boolean handleFault(SOAPMessageContext context) {
    return true;
  }

  @Override
  public void close(MessageContext context) {}

  @Override
  public Set<QName> getHeaders() {
    return Collections.singleton(new QName(WSSE, "Security"));
  }
}
