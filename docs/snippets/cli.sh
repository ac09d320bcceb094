#region keys
# A test merchant's keys in a folder (what --keys DIR reads)
npx wxnotify keys --out ./wechatpay-test-keys
#endregion keys

#region send
# A v3 payment, then a v2 one (MD5 by default, or HMAC-SHA256)
npx wxnotify send paid --url http://127.0.0.1:3000/wechatpay/notify/paid -f out_trade_no=A1 -f amount.total=100
npx wxnotify send paid --v2 --url http://127.0.0.1:3000/wechatpay/notify/paid -f out_trade_no=A1 -f total_fee=100 --sign-type HMAC-SHA256
#endregion send

#region events
# Any v3 event type, a refund, and a signature probe (which must be refused)
npx wxnotify trigger REFUND.ABNORMAL --url http://127.0.0.1:3000/wechatpay/notify/refund
npx wxnotify send refund --url http://127.0.0.1:3000/wechatpay/notify/refund
npx wxnotify send paid --tamper probe --url http://127.0.0.1:3000/wechatpay/notify/paid
#endregion events

#region verify
# Save a request without sending it, then diagnose it offline
npx wxnotify send paid --save capture.json
npx wxnotify verify capture.json --now capture
#endregion verify
