/** The app's mail sender (a stand-in for Resend, Postmark …). */
export async function sendMail(message: { to: string[]; subject: string; html: string }): Promise<void> {
  console.log(`mail to ${message.to.length} recipient(s): ${message.subject}`);
}
