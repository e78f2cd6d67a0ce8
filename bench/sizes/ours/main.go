// Command ours is the binary-size program for this library: it loads the
// AWS configuration with config.LoadDefaultConfig and calls
// AdminSetUserPassword through cognitopassword.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/aws/aws-sdk-go-v2/config"

	"github.com/cognitokit/cognitopassword"
)

func main() {
	if len(os.Args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: ours POOL_ID USERNAME PASSWORD")
		os.Exit(2)
	}
	ctx := context.Background()
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	client := cognitopassword.NewFromConfig(cfg)
	_, err = client.AdminSetUserPassword(ctx, &cognitopassword.AdminSetUserPasswordInput{
		UserPoolId: os.Args[1], Username: os.Args[2], Password: os.Args[3], Permanent: true,
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println("password set")
}
